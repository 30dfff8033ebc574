def f(tag, value=None):
    print("eval", tag)
    return tag if value is None else value

print(f("a") + f("b") * f("c", 1))
print([f("x"), f("y")], {f("k1"): f("v1"), f("k2"): f("v2")})
f("callee", print)(f("arg1"), f("arg2"))
l = [0, 0, 0]
l[f("index", 1)] = f("value", 5)
print(l)
x, y = f("first", 1), f("second", 2)
print(f("left", 1) < f("mid", 2) < f("right", 0))
d = {}
d[f("key", "k")] = f("val", "v")
print(d)
l[f("aug-index", 0)] += f("aug-value", 10)
print(l)
print(f("t", 0) if f("cond", 0) else f("e", 1))
