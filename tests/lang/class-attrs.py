class Counter:
    count = 0
    items = []

    def __init__(self):
        Counter.count += 1
        self.items.append(Counter.count)

a = Counter()
b = Counter()
print(Counter.count, a.count, b.count, Counter.items)
a.count = 100
print(Counter.count, a.count, b.count)
del a.count
print(a.count)
print(hasattr(a, "count"), hasattr(a, "nope"))
print(getattr(a, "count"), getattr(a, "nope", "fallback"))
setattr(b, "dyn", 7)
print(b.dyn)
try:
    a.missing
except AttributeError as e:
    print("AttributeError", e)
try:
    Counter.missing
except AttributeError as e:
    print("AttributeError", e)
