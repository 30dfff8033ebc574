data = [("ann", (30, "nyc")), ("bob", (25, "sf"))]
for name, (age, city) in data:
    print(name, age, city)
(a, (b, c)), d = (1, (2, 3)), 4
print(a, b, c, d)
first, *middle, last = 1, 2, 3, 4, 5
print(first, middle, last)
a, *b = "x",
print(a, b)
head, *tail = range(4)
print(head, tail)
for x, *rest in [(1, 2, 3), (4,)]:
    print(x, rest)
[p, q] = (r, s) = 7, 8
print(p, q, r, s)
a = b = []
a.append(1)
print(b)
