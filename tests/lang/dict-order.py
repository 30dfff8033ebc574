d = {}
for k in ["z", "a", "m", "b"]:
    d[k] = len(d)
print(list(d), list(d.values()))
del d["a"]
d["a"] = 99
print(d)
d["z"] = -1
print(d)
print(list(d.keys()), list(d.items()))
e = dict.fromkeys(["x", "y", "x"], 0)
print(e)
x = {"b": 1, "a": 2}
y = {"a": 2, "b": 1}
print(x == y, list(x) == list(y))
