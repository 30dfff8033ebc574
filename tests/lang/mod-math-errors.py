import math
for f, arg in [(math.sqrt, -1), (math.log, 0), (math.log, -1), (math.factorial, -1)]:
    try:
        print(f(arg))
    except ValueError as e:
        print("ValueError", e)
try:
    math.factorial(2.5)
except (ValueError, TypeError) as e:
    print(type(e).__name__, e)
print(math.sqrt(0.0), math.floor(5), math.ceil(5.0))
