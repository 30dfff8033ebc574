import math
print(math.pi, math.e, math.tau)
print(math.sqrt(16), math.sqrt(2), math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.ceil(-2.5))
print(type(math.floor(2.7)).__name__, math.trunc(-2.7))
print(math.fabs(-3), math.pow(2, 10), math.exp(0), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), math.tan(0), math.atan2(1, 1) == math.pi / 4)
print(math.isclose(0.1 + 0.2, 0.3), math.isinf(math.inf), math.isnan(math.nan), math.inf, -math.inf)
print(math.gcd(12, 18), math.factorial(10), math.hypot(3, 4), math.fsum([0.1] * 10))
print(math.degrees(math.pi), math.radians(180) == math.pi, math.copysign(1, -0.0))
