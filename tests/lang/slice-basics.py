l = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
print(l[2:8:2], l[-4:-1], l[8:2:-1], l[::-3], l[-1:-4:-1])
print(l[slice(3)], l[slice(2, 5)], l[slice(None, None, -4)])
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step)
print(slice(5), slice(None, 5, None))
print(s.indices(5), slice(None, None, -1).indices(4))
t = tuple(l)
print(t[3:6], type(t[3:6]).__name__)
print(l[100:200], l[-100:2])
try:
    l[::0]
except ValueError as e:
    print("ValueError", e)
