print(hash(1) == hash(1.0), hash(0) == hash(False), hash(1) == hash(True))
print(hash("abc") == hash("ab" + "c"), hash((1, 2)) == hash((1, 2)))
print(type(hash("x")).__name__, hash(42) == 42, hash(-1) == hash(-2))
a = [1]
b = [1]
print(id(a) == id(a), id(a) == id(b), type(id(a)).__name__)
c = a
print(id(c) == id(a))
