data = [("b", 2), ("a", 2), ("c", 1), ("d", 1), ("e", 2)]
print(sorted(data, key=lambda t: t[1]))
print(sorted(data, key=lambda t: t[1], reverse=True))
print(sorted(data))
print(sorted("Hello World"))
print(sorted({3: "x", 1: "y"}), sorted({5, 1, 3}), sorted((2, 1)))
print(sorted([-3, 2, -1], key=abs), sorted(["b", "A", "c"], key=str.lower))
print(sorted([True, False, 0, 1]))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed(range(3))), list(reversed("ab")))
r = reversed([1, 2])
print(next(r), next(r), next(r, "end"))
l = [3, 1, 2]
s = sorted(l)
print(l, s, s is l)
