class Meta:
    pass

def deco(cls):
    cls.tagged = True
    return cls

@deco
class Tagged:
    base = 10
    double = base * 2
    def get(self):
        return self.double

print(Tagged.tagged, Tagged().get(), Tagged.double)

class Shape:
    registry = []
    def __init__(self, name):
        self.name = name
        Shape.registry.append(name)
    @classmethod
    def create(cls, name):
        obj = cls(name)
        return obj
    @staticmethod
    def describe():
        return "shapes"
    def __repr__(self):
        return f"<{type(self).__name__} {self.name}>"

class Circle(Shape):
    @classmethod
    def create(cls, name):
        obj = super().create(name.upper())
        obj.round = True
        return obj

c = Circle.create("c1")
print(c, c.round, Shape.registry, Circle.describe(), c.describe())

class Temp:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, val):
        self._v = val
    @v.deleter
    def v(self):
        print("deleting")
        self._v = None
t = Temp()
t.v = 5
del t.v
print(t.v)
print(type(Temp.v).__name__)
class Counter:
    instances = 0
    def __new__(cls, *a):
        cls.instances += 1
        return super().__new__(cls)
    def __init__(self, n):
        self.n = n
c1, c2 = Counter(1), Counter(2)
print(Counter.instances, c2.n)
