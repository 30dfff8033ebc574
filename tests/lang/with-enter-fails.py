class Bad:
    def __enter__(self):
        print("enter raises")
        raise RuntimeError("cannot enter")
    def __exit__(self, *a):
        print("exit must not run")

try:
    with Bad():
        print("body must not run")
except RuntimeError as e:
    print("caught", e)

class Good:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        print("enter", self.n)
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.n, et.__name__ if et else None)

try:
    with Good(1), Bad():
        print("body must not run")
except RuntimeError as e:
    print("caught", e)
