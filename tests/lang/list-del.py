l = ["a", "b", "c", "d", "e"]
del l[0]
print(l)
del l[-1]
print(l)
del l[1:]
print(l)
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError", e)
a, b = 1, 2
del a, b
print("deleted both")
