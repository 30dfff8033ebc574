data = {"b": 2, "a": 1}
keys = data.keys()
items = data.items()
print(keys == {"a", "b"}, keys & {"a", "z"}, keys | {"c"} == {"a", "b", "c"}, keys - {"a"})
