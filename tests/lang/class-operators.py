class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __eq__(self, o):
        return isinstance(o, Vec) and self.x == o.x and self.y == o.y
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)

a = Vec(1, 2)
b = Vec(3, 4)
print(a + b, b - a, a * 3, 2 * a, -a)
print(a == Vec(1, 2), a != b, a == 5, a < b, b > a)
print(abs(b), sorted([b, a, Vec(0, 9)]))
a += b
print(a)
try:
    a + 1
except AttributeError as e:
    print("AttributeError", e)
try:
    a / 2
except TypeError as e:
    print("TypeError", e)
