it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "default"), next(it, None))
s = iter("ab")
print(list(s), list(s))
d = iter({"k": 1, "j": 2})
print(next(d), next(d))
r = iter(range(2))
print(next(r), next(r), next(r, -1))
print(iter(it) is it)
try:
    next(iter([]))
except StopIteration as e:
    print("StopIteration", repr(e))
t = iter((5,))
for x in t:
    print("for over iterator", x)
print(list(t))
