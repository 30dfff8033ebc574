def two(a, b):
    return a + b

def check(label, thunk):
    try:
        thunk()
    except TypeError as e:
        print(label, "TypeError", e)

check("too few", lambda: two(1))
check("too many", lambda: two(1, 2, 3))
check("none", lambda: two())
check("dup", lambda: two(1, a=2))
check("unknown kw", lambda: two(1, c=2))
five = 5
text = "abc"
check("not callable", lambda: five())
check("str not callable", lambda: text())
check("len int", lambda: len(5))
check("len args", lambda: len())
