class P:
    def __init__(self):
        self.x = 1
        self.y = "why"
        self.pts = [10, 20]

p = P()
print("{0.x} {0.y}".format(p))
print("{p.x}-{p.pts[1]}".format(p=p))
print("{0[0]}{0[1]}".format("ab"))
print("{a[x]}".format(a={"x": 5}))
print("{:>{w}}".format("r", w=6))
print("{:{fill}^{width}}".format("c", fill="=", width=7))
print("{0!r:>8}".format("q"))
print("{} {}".format(*["star", "args"]))
print("{a} {b}".format(**{"a": 1, "b": 2}))
