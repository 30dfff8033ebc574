it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e))

def gen():
    yield 1
    return 7

g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("value", e.value, e.args)

def bad():
    yield 1
    raise StopIteration("inside")

try:
    list(bad())
except RuntimeError as e:
    print("RuntimeError", e)
