import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def norm2(self):
        return self.x * self.x + self.y * self.y

class Outer:
    class Inner:
        def __init__(self, v):
            self.v = v

def child(conn):
    p = conn.recv()
    conn.send(Point(p.x + 1, p.y + 1))
    conn.send({"pts": [Point(1, 1), Outer.Inner(7)]})
    conn.close()

def norm(p):
    return p.norm2()

def local_class():
    class Local:
        pass
    return Local()

if __name__ == "__main__":
    a, b = mp.Pipe()
    pr = mp.Process(target=child, args=(b,))
    pr.start()
    a.send(Point(1, 2))
    print(a.recv())
    d = a.recv()
    print(d["pts"][0], d["pts"][1].v, type(d["pts"][1]).__qualname__)
    pr.join()
    with ProcessPoolExecutor(2) as ex:
        print(list(ex.map(norm, [Point(i, i) for i in range(4)])))
    m = mp.Manager()
    dd = m.dict()
    dd["p"] = Point(3, 4)
    print(dd["p"].norm2())
    m.shutdown()
    try:
        a.send(local_class())
    except Exception as e:
        print(type(e).__name__, e)
