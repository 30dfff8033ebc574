# Benchmark: a countdown loop (integer arithmetic, comparisons, backward jumps).
n = 10000000
while n > 0:
    n -= 1
print(n)
