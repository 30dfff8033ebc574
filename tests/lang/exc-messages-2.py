def show(f):
    try:
        f()
        print("no error")
    except Exception as e:
        print(type(e).__name__ + ":", e)

class K:
    pass

show(lambda: undefined_name)
show(lambda: K().attr)
show(lambda: "s".nomethod())
show(lambda: len(3))
show(lambda: iter(5))
show(lambda: next([]))
show(lambda: hash([]))
show(lambda: {}.pop("k"))
show(lambda: [].index(1))
show(lambda: (1, 2).index(3))
show(lambda: "abc".index("z"))
show(lambda: list(5))
show(lambda: sum(["a"]))
show(lambda: min([]))
show(lambda: max([]))
show(lambda: abs("x"))
show(lambda: round("x"))
show(lambda: chr(-1))
show(lambda: {}[[]])
show(lambda: int(None))
show(lambda: float([]))
