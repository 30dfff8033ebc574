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
show(lambda: list.append(1, 2))
show(lambda: str.upper(1))
