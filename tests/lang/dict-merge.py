a = {"x": 1, "y": 2}
b = {"y": 20, "z": 30}
print({**a, **b}, {**b, **a}, {**a, "w": 0})
print(a | b, b | a)
c = dict(a)
c |= b
print(c, a)
c.update(y=-1)
print(c)
def kw(**kwargs):
    return kwargs
print(kw(**a, z=3))
try:
    kw(**a, x=5)
except TypeError as e:
    print("TypeError", e)
