def level3():
    raise ValueError("deep")

def level2():
    try:
        level3()
    finally:
        print("level2 finally")

def level1():
    try:
        level2()
    except KeyError:
        print("wrong handler")
    print("not reached")

try:
    level1()
except ValueError as e:
    print("top caught", e)

try:
    try:
        raise ValueError("a")
    except ValueError:
        print("handling a")
        try:
            raise TypeError("b")
        except TypeError as e:
            print("handling b", e)
        print("back in a handler")
except Exception:
    print("never")
print("end")
