import random
random.seed(42)
a = [random.random() for _ in range(5)]
random.seed(42)
b = [random.random() for _ in range(5)]
print("same seed, same sequence:", a == b)
random.seed(43)
c = [random.random() for _ in range(5)]
print("other seed differs:", a != c)
print("all in [0, 1):", all(0 <= x < 1 for x in a))
random.seed(1)
ints = [random.randint(1, 6) for _ in range(200)]
print("randint in range:", min(ints) >= 1, max(ints) <= 6, len(set(ints)) == 6)
random.seed(1)
print("repeatable randint:", ints == [random.randint(1, 6) for _ in range(200)])
