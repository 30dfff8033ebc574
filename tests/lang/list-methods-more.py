l = [1, 2, 3, 2, 1]
l.reverse()
print(l)
c = l.copy()
c.append(0)
print(l, c)
print(l.index(2, 2), l.count(2))
try:
    l.index(42)
except ValueError as e:
    print("ValueError", e)
try:
    l.remove(42)
except ValueError as e:
    print("ValueError", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError", e)
try:
    l.pop(10)
except IndexError as e:
    print("IndexError", e)
try:
    l[10]
except IndexError as e:
    print("IndexError", e)
try:
    l[10] = 1
except IndexError as e:
    print("IndexError", e)
l.extend("ab")
l.extend(range(2))
print(l)
