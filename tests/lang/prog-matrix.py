def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]

def transpose(m):
    return [list(r) for r in zip(*m)]

def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]

a = [[1, 2], [3, 4], [5, 6]]
b = [[7, 8, 9], [10, 11, 12]]
print(matmul(a, b))
print(transpose(a))
print(matmul(identity(2), [[1.5, 2], [3, 4]]))
m = [[2, 0], [0, 2]]
p = identity(2)
for _ in range(10):
    p = matmul(p, m)
print(p)
for row in matmul(a, b):
    print(" ".join(f"{v:4d}" for v in row))
