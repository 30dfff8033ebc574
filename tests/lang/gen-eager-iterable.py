def src():
    print("src called")
    return [1, 2]

g = (x * 2 for x in src())
print("generator built")
print(list(g))
try:
    h = (x for x in undefined_iterable)
except NameError as e:
    print("NameError at creation:", e)
def lazy():
    print("body runs late")
    yield 1
k = lazy()
print("lazy built")
print(next(k))
