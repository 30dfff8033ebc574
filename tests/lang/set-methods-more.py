s = {1, 2, 3}
c = s.copy()
c.add(4)
print(sorted(s), sorted(c))
c.clear()
print(c, len(c))
try:
    set().pop()
except KeyError as e:
    print("KeyError", e)
print(sorted({x * x for x in range(-3, 4)}))
total = 0
for x in {5, 10, 15}:
    total += x
print(total)
print(s.union([9], (8,)), s.intersection(range(2, 10)), s.difference([1], [2]))
print(s == {3, 2, 1}, s.issubset(range(5)), len(set("mississippi")))
d = {1, 2}
d.discard(1)
d.discard(1)
print(d)
