a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print({1, 2} <= a, {1, 2} < a, a <= a, a < a, a >= {1}, {9}.isdisjoint(a))
print({1, 2}.issubset(a), a.issuperset({1, 2}))
c = set(a)
c |= {10}
c &= {1, 10, 11}
print(c)
c -= {1}
print(c)
c ^= {10, 20}
print(c)
a.update([7, 8])
print(a)
print({1, 2} == {2, 1}, {1} != {1, 2})
print(sorted(a - {1}))
