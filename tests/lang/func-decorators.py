def trace(f):
    def wrapper(*args, **kwargs):
        print("call", f.__name__, args, kwargs)
        r = f(*args, **kwargs)
        print("ret", r)
        return r
    return wrapper

@trace
def add(a, b):
    return a + b

add(1, b=2)

def repeat(n):
    def deco(f):
        def wrapper():
            return [f() for _ in range(n)]
        return wrapper
    return deco

@repeat(3)
def hi():
    return "hi"

print(hi())

def first(f):
    print("decorating with first")
    return lambda: "first(" + f() + ")"

def second(f):
    print("decorating with second")
    return lambda: "second(" + f() + ")"

@first
@second
def base():
    return "base"

print(base())

registry = []
def register(f):
    registry.append(f.__name__)
    return f

@register
def one():
    pass

@register
def two():
    pass

print(registry, one(), two())
