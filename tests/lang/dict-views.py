d = {"x": 1, "y": 2}
k = d.keys()
v = d.values()
it = d.items()
print(k, v, it)
d["z"] = 3
print(list(k), list(v), list(it), len(k))
print("x" in k, 2 in v, ("y", 2) in it)
for key, val in d.items():
    print(key, "->", val)
for key in d:
    print("key", key)
print(sorted(d, reverse=True), sum(d.values()))
print(list(reversed(d)))
