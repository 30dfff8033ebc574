class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __setitem__(self, i, v):
        self.items[i] = v
    def __delitem__(self, i):
        del self.items[i]
    def __contains__(self, x):
        print("contains", x)
        return x in self.items
    def __iter__(self):
        return iter(self.items)

b = Bag(3, 1, 2)
print(len(b), b[0], b[-1], b[0:2])
b[1] = 10
del b[0]
print(list(b), 10 in b, 99 in b)
print(sorted(b), sum(b), bool(b), bool(Bag()))
for x in b:
    print("item", x)
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq())
