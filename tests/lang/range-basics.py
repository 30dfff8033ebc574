print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)), list(range(10, 0, -3)))
print(list(range(0)), list(range(5, 2)), list(range(-3, 3)))
r = range(1, 20, 4)
print(r, len(r), r[0], r[-1], r[1:3], 9 in r, 10 in r)
print(range(5), range(0, 5, 2), repr(range(3, 1, -1)))
print(sum(range(101)), max(range(7)), min(range(3, 8)))
print(range(3) == range(0, 3), range(0) == range(2, 2))
print(list(reversed(range(4))), r.index(9), r.count(13))
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError", e)
try:
    range(3)[5]
except IndexError as e:
    print("IndexError", e)
print(len(range(0, 9223372036854775807, 1000000000000)))
