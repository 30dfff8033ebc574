import math
print(math.floor(-0.0), math.ceil(-0.0), math.sqrt(-0.0), math.fabs(-0.0))
print(round(math.pi, 5), math.exp(0), math.log(1))
print(math.floor(1e15 + 0.5), math.ceil(-1e15 - 0.5), math.trunc(1e15 + 0.5))
print(math.sqrt(1e-300), math.sqrt(2) ** 2, math.pow(0, 0), math.pow(-2, 3))
try:
    math.floor(float("inf"))
except OverflowError as e:
    print("OverflowError", e)
try:
    math.ceil(float("nan"))
except ValueError as e:
    print("ValueError", e)
