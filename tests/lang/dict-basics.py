d = {"a": 1, "b": 2}
print(d, len(d), d["a"])
d["c"] = 3
d["a"] = 10
print(d)
print("a" in d, "z" in d, 1 in d, "z" not in d)
print(d.get("b"), d.get("z"), d.get("z", 0))
del d["b"]
print(d)
print(dict(), dict(x=1, y=2), dict([("k", "v"), ("n", 0)]), dict({"m": 1}, extra=2))
print({1: "int", 1.0: "float overwrites value", True: "bool too"})
print({(1, 2): "tuple key", None: "none key", "s": [1]})
