def inner():
    yield 1
    yield 2
    return "inner result"

def outer():
    r = yield from inner()
    print("inner returned", r)
    yield from [10, 20]
    yield from range(3)
    yield from "ab"

print(list(outer()))

def flatten(x):
    if isinstance(x, list):
        for item in x:
            yield from flatten(x=item)
    else:
        yield x

print(list(flatten([1, [2, [3, [4]], 5], [[6]]])))
