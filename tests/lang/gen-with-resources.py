class Res:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("open", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("close", self.name, et.__name__ if et else "ok")

def reader(names):
    for n in names:
        with Res(n) as r:
            yield r.name.upper()

for v in reader(["a", "b"]):
    print("got", v)
g = reader(["x", "y"])
print(next(g))
g.close()
print("closed early")
def failing():
    with Res("f"):
        yield 1
        raise ValueError("inside generator")
try:
    for v in failing():
        print("value", v)
except ValueError as e:
    print("caught", e)
def counter():
    total = 0
    try:
        while True:
            total += yield total
    except GeneratorExit:
        print("final total", total)
c = counter()
next(c)
c.send(5)
c.send(7)
c.close()
squares = {n: n * n for n in range(4)}
gen = (k for k in squares if squares[k] % 2 == 0)
print(list(gen), list(gen))
