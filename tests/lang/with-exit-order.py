log = []

class Res:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        log.append("open " + self.n)
        return self
    def __exit__(self, *exc):
        log.append("close " + self.n)

def work():
    with Res("a"):
        with Res("b"):
            log.append("work")
            raise RuntimeError("fail")

try:
    work()
except RuntimeError as e:
    log.append("caught " + str(e))
print(log)

class Raiser:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        raise KeyError("from exit")

try:
    with Raiser():
        raise ValueError("body")
except KeyError as e:
    print("KeyError", e, "context", repr(e.__context__))
