people = [("bob", 25), ("ann", 30), ("cy", 25), ("ann", 22)]
print(sorted(people))
print(sorted(people, key=lambda p: (p[1], p[0])))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(max(people), min(people, key=lambda p: p[1]))
print((1, 2, 3) < (1, 2, 4), (1, 2) < (1, 2, 3), (3,) > (2, 99), () < (0,))
print((1, "a") == (1, "a"), (1, 2) != (1, 2.0))
try:
    (1, "a") < ("a", 1)
except TypeError as e:
    print("TypeError", e)
try:
    (1, 2).index(9)
except ValueError as e:
    print("ValueError", e)
