t = (1, 2, 3)
print(t, len(t), t[0], t[-1], t[1:], t[::-1])
print((1,), (), tuple(), tuple([1, 2]), tuple("ab"))
print(1, 2 == (1, 2), (1, 2) == (1, 2))
single = 5,
print(single, type(single).__name__)
print(t + (4,), t * 2, (0,) * 3)
print(t.count(2), t.index(3), 2 in t)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9))
print(((1, 2), [3]))
try:
    t[0] = 9
except TypeError as e:
    print("TypeError", e)
a, b, c = t
print(a, b, c)
print(min(t), max(t), sum(t), sorted((3, 1, 2)))
