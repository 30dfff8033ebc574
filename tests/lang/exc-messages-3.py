def show(f):
    try:
        f()
        print("no error")
    except Exception as e:
        print(type(e).__name__ + ":", e)

show(lambda: 1 / 0)
show(lambda: 5 % 0)
show(lambda: 2.0 / 0)
show(lambda: divmod(1, 0))
show(lambda: [1, 2, 3].pop(7))
show(lambda: "x".join([1]))
show(lambda: "%d" % "s")
show(lambda: "a b".split(""))
show(lambda: range(0, 5, 0))
show(lambda: [0] * "a")
show(lambda: 3 ** "x")
show(lambda: "abc".replace(1, 2))
show(lambda: dict([1, 2]))
show(lambda: set([[1]]))
show(lambda: sorted([1, "a"]))
show(lambda: isinstance(1, 1))
show(lambda: getattr(1, "nope"))
