print(any([]), all([]), any([0, 0]), any([0, 1]), all([1, 1]), all([1, 0]))
print(any("abc"), all(""), any([None, "", 0.0]), all([[1], (2,), "x"]))
def noisy(v):
    print("check", v)
    return v
print(any(noisy(x) for x in [0, 2, 3]))
print(all(noisy(x) for x in [1, 0, 3]))
