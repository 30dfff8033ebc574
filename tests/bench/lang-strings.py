# Benchmark: string formatting and joining.
total = 0
for i in range(200000):
    parts = [f"{i}:{i * 2:5d}", "x=%d" % i, "{:.2f}".format(i / 7)]
    s = ", ".join(parts)
    total += len(s)
print(total)
