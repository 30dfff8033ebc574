a = b = c = 7
print(a, b, c)
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
[m, n] = [10, 20]
print(m, n)
l = [0, 0, 0]
i = 0
i, l[i] = 1, 9
print(i, l)
