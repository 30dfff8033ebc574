d = {"a": 1, "b": 2, "c": 3}
print(d.pop("b"), d)
print(d.pop("zz", "default"))
print(d.setdefault("a", 100), d.setdefault("n", 5), d)
d.update({"a": -1, "new": 0})
d.update(k=1)
d.update([("t", 2)])
print(d)
print(d.popitem(), d)
c = d.copy()
c["copy"] = True
print(len(d), len(c))
d.clear()
print(d)
try:
    d.pop("missing")
except KeyError as e:
    print("KeyError", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError", e)
