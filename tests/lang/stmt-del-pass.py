class Thing:
    pass

def empty():
    pass

t = Thing()
t.a = 1
t.b = 2
del t.a
print(hasattr(t, "a"), hasattr(t, "b"))
d = {"x": 1, "y": 2}
del d["x"]
print(d)
l = [1, 2, 3, 4]
del l[1], l[1]
print(l)
print(empty())
for i in range(2):
    pass
try:
    del t.a
except AttributeError as e:
    print("AttributeError", e)
