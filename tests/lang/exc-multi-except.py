def classify(f):
    try:
        f()
    except (KeyError, IndexError) as e:
        return "lookup " + type(e).__name__
    except ZeroDivisionError:
        return "zero"
    except Exception as e:
        return "other " + type(e).__name__
    return "none"

print(classify(lambda: {}["x"]))
print(classify(lambda: [][0]))
print(classify(lambda: 1 / 0))
print(classify(lambda: int("x")))
print(classify(lambda: None))
try:
    try:
        raise TypeError("t")
    except ValueError:
        print("not here")
except TypeError as e:
    print("propagated", e)
try:
    raise IndexError
except:
    print("bare except")
e = "still a name"
try:
    raise ValueError
except ValueError as e:
    pass
try:
    print(e)
except NameError as ne:
    print("NameError", ne)
