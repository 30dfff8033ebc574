z = -0.0
print(z, 0.0, z == 0.0, str(z), repr(z))
print(-z, abs(z), z + 0, 0 - 0.0, -(0.0))
print(round(-0.4), round(-0.4, 1), int(z))
print(z * 5, 5 * z, z / 5)
print(-0.0 < 0.0, -0.0 > 0.0)
print([-0.0, 0.0])
print(format(-0.0, ".1f"), "%.2f" % -0.0, f"{-0.0}")
print(-1e-300 * 1e-300)
