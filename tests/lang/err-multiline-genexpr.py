x = [1, 2, 3]
total = sum(
    x[i] * 2
    for i in range(4)
)
