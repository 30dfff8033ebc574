total = 0
for i in range(100000):
    tmp = [i, str(i), (i, i)]
    d = {"k": tmp}
    total += len(d["k"][1])
print(total)
s = 0
i = 0
while i < 200000:
    s += i % 7
    i += 1
print(s)
