import math
print(math.tau, math.trunc(-2.7), math.trunc(2.7))
print(math.exp(0), math.exp(1) == math.e, math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), math.tan(0), math.atan2(1, 1) == math.pi / 4, math.sin(math.pi / 2))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1.0, 1.1), math.isclose(1.0, 1.05, rel_tol=0.1))
print(math.hypot(3, 4), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.degrees(math.pi), math.radians(180) == math.pi, math.copysign(1, -0.0), math.copysign(2, 1))
