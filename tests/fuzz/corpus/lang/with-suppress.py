class Suppress:
    def __init__(self, kind):
        self.kind = kind
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        if et is not None and issubclass(et, self.kind):
            print("suppressed", et.__name__, ev)
            return True
        return False

with Suppress(KeyError):
    {}["missing"]
    print("not reached")
print("after suppress")
try:
    with Suppress(KeyError):
        1 / 0
except ZeroDivisionError as e:
    print("not suppressed:", e)

def in_func():
    with Suppress(ValueError):
        return "returned through with"

print(in_func())
for i in range(3):
    with Suppress(Exception):
        if i == 1:
            continue
        print("loop", i)
