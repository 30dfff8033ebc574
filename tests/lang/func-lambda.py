sq = lambda x: x * x
print(sq(7))
add = lambda a, b=10: a + b
print(add(1), add(1, 2))
print((lambda: "no args")())
print(sorted(["ccc", "a", "bb"], key=lambda s: len(s)))
print(list(map(lambda x: x * 2, [1, 2, 3])))
print(list(filter(lambda x: x % 2, range(10))))
compose = lambda f, g: lambda x: f(g(x))
print(compose(sq, lambda x: x + 1)(3))
print((lambda *a, **k: (a, k))(1, z=2))
print(type(sq).__name__, sq.__name__)
