out = []
for a in range(-7, 8):
    for b in [-3, -2, -1, 1, 2, 3]:
        out.append((a // b, a % b, divmod(a, b), a ** 2 % b, pow(a, 3, b) if b > 0 else 0))
print(out)
print([(a >> 1, a << 2, a & 5, a | 5, a ^ 5, ~a) for a in range(-4, 5)])
