class Point:
    """A 2-D point."""
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)

p = Point(3, 4)
print(p.x, p.y, p.norm2(), Point.dims, p.dims)
q = p.moved(1)
print(q.x, q.y, p.x)
p.z = 5
print(p.z)
print(type(p).__name__, Point.__name__, Point.__doc__)
print(isinstance(p, Point), isinstance(3, Point))
m = p.norm2
print(m())
print(Point.norm2(q))
