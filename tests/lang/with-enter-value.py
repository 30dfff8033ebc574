class Timer:
    def __enter__(self):
        self.entered = True
        return self
    def __exit__(self, *a):
        self.exited = True

with Timer() as t:
    print("entered", t.entered)
print("exited", t.exited)

class Lockish:
    def __init__(self):
        self.held = False
    def __enter__(self):
        self.held = True
    def __exit__(self, *a):
        self.held = False

l = Lockish()
with l as nothing:
    print("held", l.held, nothing)
print("held", l.held)
try:
    with 5:
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)
