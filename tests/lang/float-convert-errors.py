def show(label, f):
    try:
        print(label, f())
    except (OverflowError, ValueError) as e:
        print(label, type(e).__name__, e)

inf = float("inf")
nan = float("nan")
show("int(inf)", lambda: int(inf))
show("int(-inf)", lambda: int(-inf))
show("int(nan)", lambda: int(nan))
show("round(inf)", lambda: round(inf))
show("round(nan)", lambda: round(nan))
show("round(inf, 2)", lambda: round(inf, 2))
show("float('1e400')", lambda: float("1e400"))
show("1e308 * 10", lambda: 1e308 * 10)
