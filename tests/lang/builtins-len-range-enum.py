print(len("abc"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}), len(range(10)), len(""))
print(list(enumerate("abc")))
print(list(enumerate(["x", "y"], 1)), list(enumerate([], 5)))
for i, c in enumerate("hi", start=10):
    print(i, c)
e = enumerate([7, 8])
print(next(e), next(e), next(e, None))
