def a():
    try:
        b()
    finally:
        print("a finally")
def b():
    raise KeyError("deep")
a()
