l = [5, 2, 9, 1, 5, 6]
l.sort()
print(l)
l.sort(reverse=True)
print(l)
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
print(sorted(pairs))
print(sorted(pairs, key=lambda p: p[0]))
print(sorted(pairs, key=lambda p: p[0], reverse=True))
r = [3, 1, 2]
print(r.sort(), r)
print(sorted([]), sorted([1]), sorted("cba"))
print(sorted([2.5, 1, -3, 0.5]))
