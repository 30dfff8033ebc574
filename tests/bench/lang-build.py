# Benchmark: list and dict building.
total = 0
for r in range(40):
    lst = []
    d = {}
    for i in range(25000):
        lst.append(i * 2)
        d[i] = lst[-1]
    squares = [x * x for x in lst]
    total += len(d) + squares[-1] % 7
print(total)
