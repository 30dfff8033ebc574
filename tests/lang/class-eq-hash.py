class Key:
    def __init__(self, k):
        self.k = k
    def __eq__(self, other):
        return isinstance(other, Key) and self.k == other.k
    def __hash__(self):
        return hash(self.k)

d = {Key(1): "one"}
print(d[Key(1)], Key(1) in d, Key(2) in d)
print(len({Key(1), Key(1), Key(2)}))
class EqOnly:
    def __eq__(self, other):
        return True
try:
    hash(EqOnly())
except TypeError as e:
    print("TypeError", e)
class Plain:
    pass
p = Plain()
print(p == p, p == Plain(), hash(p) == hash(p), len({p, p}))
print(EqOnly() == 3, 3 == EqOnly(), EqOnly() != 3)
