# Benchmark: method calls on an object and attribute updates.
class Counter:
    def __init__(self):
        self.count = 0

    def add(self, k):
        self.count += k
        return self.count

c = Counter()
for i in range(2000000):
    c.add(i & 3)
print(c.count)
