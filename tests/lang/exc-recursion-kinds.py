class Loop:
    def __repr__(self):
        return repr(self)
try:
    repr(Loop())
except RecursionError:
    print("repr recursion caught")
def gen(n):
    yield from gen(n + 1)
try:
    next(gen(0))
except RecursionError:
    print("yield from recursion caught")
def key(x):
    return key(x)
try:
    sorted([1, 2], key=key)
except RecursionError:
    print("key recursion caught")
class Eq:
    def __eq__(self, o):
        return self == o
try:
    Eq() == Eq()
except RecursionError:
    print("eq recursion caught")
def f():
    try:
        return f()
    finally:
        pass
try:
    f()
except RecursionError:
    print("recursion through finally caught")
print("alive")
