vals = []
for i in range(1, 60):
    vals.append(i / 97)
    vals.append(1.1 ** i)
    vals.append(i * 0.1)
    vals.append(2.0 ** (i - 30) / 3)
    vals.append(10.0 ** (i - 30) * 1.5)
print(vals)
