class Base:
    def area(self):
        raise NotImplementedError("subclasses must implement area")

class Sq(Base):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2

for shape in [Sq(3), Base()]:
    try:
        print(shape.area())
    except NotImplementedError as e:
        print("NotImplementedError:", e)

class Num:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        if not isinstance(other, Num):
            return NotImplemented
        return self.v == other.v
    def __add__(self, other):
        if isinstance(other, int):
            return Num(self.v + other)
        return NotImplemented
    def __radd__(self, other):
        return Num(other * 100 + self.v)

print(Num(1) == Num(1), Num(1) == 1, (Num(1) + 2).v, (3 + Num(1)).v)
try:
    Num(1) + "s"
except TypeError as e:
    print("TypeError", e)
