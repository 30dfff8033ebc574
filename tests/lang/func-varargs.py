def f(*args, **kwargs):
    return args, kwargs

print(f())
print(f(1, 2))
print(f(a=1, b=2))
print(f(1, x="y"))
print(f(*[1, 2], *(3,), **{"k": "v"}, z=0))

def g(a, b=2, *rest, c, d=4, **kw):
    print(a, b, rest, c, d, kw)

g(1, c=3)
g(1, 5, 6, 7, c=8, e=9)

def total(*nums):
    s = 0
    for n in nums:
        s += n
    return s

print(total(), total(1, 2, 3), total(*range(5)))
