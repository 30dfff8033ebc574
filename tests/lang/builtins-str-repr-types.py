print(repr(len), str(len))
print(repr(print))
def f():
    pass
class C:
    pass
print(str(C), repr(C))
print(repr(None), repr(True), repr(f) == str(f))
print(repr(range(3)), repr(slice(1, 2)))
print(repr(1e300 * 1e300), repr(-(1e300 * 1e300)))
