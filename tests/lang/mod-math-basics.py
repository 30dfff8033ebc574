import math
print(math.pi, math.e)
print(math.sqrt(16), math.sqrt(2), math.sqrt(0.25))
print(math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.ceil(-2.5), math.floor(3), math.ceil(-0.5))
print(type(math.floor(2.7)).__name__, type(math.sqrt(4)).__name__)
print(math.fabs(-3), math.pow(2, 10), math.inf, -math.inf, math.nan)
print(math.isinf(math.inf), math.isinf(1e308), math.isnan(math.nan), math.isnan(0.0))
print(math.gcd(12, 18), math.factorial(10), math.factorial(0))
