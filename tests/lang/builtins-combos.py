data = {"b": 2, "a": 1}
print(len(items), ("a", 1) in items, list(data.values()) == [2, 1])
nested = [[1, [2, [3, [4]]]]]
print(str(nested), nested[0][1][1][1][0])
print([1, 2, 3][::-1] == list(reversed([1, 2, 3])))
print(list(map(lambda p: p[0] * p[1], zip([1, 2, 3], [4, 5, 6]))))
print(sorted(zip("cab", [3, 1, 2])))
print(dict(sorted(data.items())))
print(list(enumerate(zip("ab", "cd"))))
print(max(enumerate([3, 9, 2]), key=lambda t: t[1]))
print(sum(x for x in range(10) if x % 2), sum([[1], [2, 3]], []))
print(all([]), any([[]]), all([[]]), any([[0]]))
print(list(filter(str.isdigit, "a1b2c3")), "".join(filter(str.isalpha, "a1b2")))
print(tuple(sorted({3: 0, 1: 0})), set(map(abs, [-1, 1, -2])) == {1, 2})
