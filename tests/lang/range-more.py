r = range(10, -10, -3)
print(list(r), len(r), r[2], r[-2], 7 in r, -8 in r, -9 in r)
print(list(range(-5)), list(range(-5, -1)), list(range(0, -6, -2)))
print(range(0, 10)[::2], range(0, 10)[::-1], range(10)[2:8:3])
print(list(range(10)[::-3]), range(5)[-1], range(3, 30, 7).index(17))
for i in range(3, 0, -1):
    print("countdown", i)
print(sum(1 for _ in range(1000)))
print(list(zip(range(3), range(10, 13))))
