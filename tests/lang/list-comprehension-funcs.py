def is_prime(n):
    if n < 2:
        return False
    for d in range(2, int(n ** 0.5) + 1):
        if n % d == 0:
            return False
    return True

print([n for n in range(50) if is_prime(n)])
print([(n, n * n) for n in range(6) if n % 2 == 0])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([x for row in matrix for x in row if x != 4])
print(sum(x * x for x in range(10)), [str(i) * i for i in range(4)])
