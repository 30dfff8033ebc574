for e in [ValueError(), ValueError("one"), ValueError("a", 1), KeyError("k"), KeyError(), IndexError(3), Exception(None)]:
    print(type(e).__name__, "str:", repr(str(e)), "repr:", repr(e), "args:", e.args)
print(str(KeyError("quoted")), str(KeyError(1)), str(KeyError("a", "b")))
