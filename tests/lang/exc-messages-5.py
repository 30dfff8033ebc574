def show(f):
    try:
        r = f()
        print("ok", repr(r))
    except Exception as e:
        print(type(e).__name__ + ":", e)

class A:
    def m(self):
        return 1
a = A()
show(lambda: "a".join(5))
show(lambda: sorted([1], key=lambda: 0))
show(lambda: {}.keys()[0])
show(lambda: divmod("a", 1))
show(lambda: isinstance(1))
show(lambda: "{:,s}".format("x"))
show(lambda: "abc"[1:"x"])
