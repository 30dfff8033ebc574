data = [3, 8, 1, 9, 4]
i = 0
found = None
while i < len(data) and found is None:
    if data[i] > 5:
        found = data[i]
    i += 1
print(found, i)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print(steps)
a, b = 0, 1
while b < 100:
    a, b = b, a + b
print(a, b)
x = 10
while x:
    x -= 3
    if x < 0:
        print("went negative", x)
        break
else:
    print("hit zero")
