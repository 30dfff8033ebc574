nested = []
for _ in range(100000):
    nested = [nested]
try:
    repr(nested)
    print("repr succeeded")
except RecursionError as e:
    print("repr:", type(e).__name__)
other = []
for _ in range(100000):
    other = [other]
try:
    print(nested == other)
except RecursionError as e:
    print("compare:", type(e).__name__)
d = {}
for _ in range(100000):
    d = {"k": d}
try:
    str(d)
except RecursionError as e:
    print("str of dict:", type(e).__name__)
print("still running")
