def f():
    try:
        raise ValueError("from f")
    finally:
        print("f finally runs")

try:
    f()
except ValueError as e:
    print("caught", e)

def g():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError:
        print("handled in g")
        return "g done"
    finally:
        print("outer finally")

print(g())

def h():
    try:
        raise ValueError("lost")
    finally:
        raise TypeError("replaces")

try:
    h()
except Exception as e:
    print(type(e).__name__, e, "| context:", repr(e.__context__))
