total = 0
for i in range(1, 101):
    total += i
print(total, i)
acc = []
for i in range(5):
    i *= 10
    acc.append(i)
print(acc)
for i in range(0):
    pass
print(i)
r = range(3)
it1 = iter(r)
it2 = iter(r)
print(next(it1), next(it1), next(it2))
print(list(r), list(r))
