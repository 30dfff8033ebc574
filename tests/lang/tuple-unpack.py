a, b = 1, 2
print(a, b)
(a, b), c = (3, 4), 5
print(a, b, c)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
x, *mid, y = range(5)
print(x, mid, y)
p, *q = [1]
print(p, q)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError", e)
