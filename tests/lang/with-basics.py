class Ctx:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type is None, exc)
        return False

with Ctx("a") as v:
    print("body", v)
with Ctx("b"):
    print("no as")
with Ctx("outer") as o, Ctx("inner") as i:
    print("both", o, i)
try:
    with Ctx("err"):
        raise ValueError("in body")
except ValueError as e:
    print("propagated", e)
