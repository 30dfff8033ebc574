i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print("i", i)
else:
    print("no else after break")
n = 3
while n:
    n -= 1
else:
    print("while else runs, n =", n)
while False:
    print("never")
else:
    print("else of false while")
count = 0
while True:
    count += 1
    if count >= 1000:
        break
print(count)
