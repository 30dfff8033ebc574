l = list(range(10))
l[2:5] = ["a", "b"]
print(l)
l[::3] = [0, 0, 0]
print(l)
del l[1:3]
print(l)
del l[::2]
print(l)
l[:] = [1, 2, 3]
print(l)
l[1:1] = [9, 9]
print(l)
l[len(l):] = [7]
print(l)
l[-1:] = []
print(l)
try:
    l[::2] = [1]
except ValueError as e:
    print("ValueError", e)
m = l[:]
m.append("copy")
print(l, m)
