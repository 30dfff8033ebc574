def show(f):
    try:
        f()
        print("no error")
    except Exception as e:
        print(type(e).__name__ + ":", e)

class Thing:
    def __init__(self, a):
        self.a = a

show(lambda: Thing())
show(lambda: Thing(1, 2))
show(lambda: Thing(1).method())
show(lambda: [].append())
show(lambda: "x".split(1))
show(lambda: {}.get())
show(lambda: "abc".startswith(1))
show(lambda: (1, 2) + [3])
show(lambda: int("3", base=40))
lst = [1, 2, 3]
text = "abc"
show(lambda: lst[1.0])
show(lambda: text["1"])
show(lambda: {"a": 1}.update(5))
show(lambda: next(iter(range(0))))
show(lambda: enumerate(5))
show(lambda: zip(1, 2))
