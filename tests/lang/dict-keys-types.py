d = {}
d[1] = "int one"
d[1.0] = "float one"
d["1"] = "str one"
d[(1,)] = "tuple"
d[None] = "none"
d[True] = "true"
print(d)
print(len(d), d[1], d[True])
d2 = {0: "zero", False: "false", 0.0: "float zero"}
print(d2)
print({-1: "a", -2: "b"}, {1.5: "x", 2.5: "y"})
