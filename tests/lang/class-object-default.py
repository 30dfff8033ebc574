class Empty:
    pass

e = Empty()
print(type(e).__name__, isinstance(e, Empty), e == e, e != Empty())
print(str(e).startswith("<__main__.Empty object at "), repr(e) == str(e))
print(Empty.__name__, type(Empty).__name__, type(type).__name__)
print(type(3), type("s"), type(None), type(Empty))
print(type([]), type({}), type(()), type(1.5), type(True))
print(Empty, Empty.__name__ == "Empty")
