class Inspect:
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc_value, traceback):
        print("type:", exc_type.__name__ if exc_type else exc_type)
        print("value:", repr(exc_value))
        print("traceback given:", traceback is not None)
        return exc_type is KeyError

with Inspect():
    pass
with Inspect():
    raise KeyError("swallowed")
try:
    with Inspect():
        raise IndexError("kept")
except IndexError as e:
    print("outside:", e)
