grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print(grid)
print(grid[1][2], grid[-1][-1])
grid[0][0] = "x"
print(grid[0])
t = [row[:] for row in grid]
t[1][1] = "y"
print(grid[1], t[1])
print([list(col) for col in zip(*grid)])
print(len(grid), sum(len(r) for r in grid))
flat = []
for row in grid:
    flat.extend(row)
print(flat)
