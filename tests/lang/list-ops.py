a = [1, 2]
b = [3]
print(a + b, a * 3, [0] * 4, 2 * b, [] * 5)
a += [9]
print(a)
a *= 2
print(a)
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [2] > [1, 99], [] < [0])
print([1, [2, 3]] == [1, [2, 3]], [1, 2] != [2, 1])
print(min([4, 2, 8]), max([4, 2, 8]), sum([4, 2, 8]))
c = [1, 2, 3]
d = c
d += [4]
print(c, c is d)
e = c
e = e + [5]
print(c, e, c is e)
nested = [[0] * 2] * 2
nested[0][0] = 1
print(nested)
