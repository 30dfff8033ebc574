import random
random.seed(7)
items = ["a", "b", "c", "d"]
picks = [random.choice(items) for _ in range(100)]
print("choices from the list:", set(picks) <= set(items))
l = list(range(10))
random.shuffle(l)
print("shuffle keeps elements:", sorted(l) == list(range(10)))
r = [random.randrange(0, 10, 2) for _ in range(100)]
print("randrange even:", all(x % 2 == 0 and 0 <= x < 10 for x in r))
u = [random.uniform(2.0, 3.0) for _ in range(100)]
print("uniform bounds:", all(2.0 <= x <= 3.0 for x in u))
random.seed(7)
print("choice repeatable:", picks == [random.choice(items) for _ in range(100)])
