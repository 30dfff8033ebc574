s = {3, 1, 2, 3, 1}
print(s, len(s))
s.add(4)
s.add(1)
print(s)
s.remove(4)
s.discard(99)
print(s, 2 in s, 5 in s)
print(set(), set([1, 1, 2]), set("aab") == {"a", "b"}, set(range(5)))
try:
    s.remove(99)
except KeyError as e:
    print("KeyError", e)
print(sorted({"pear", "apple", "fig"}))
e = set()
print(e, len(e), bool(e))
x = {5}
print(x.pop(), x)
