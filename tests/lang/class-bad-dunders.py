class BadStr:
    def __str__(self):
        return 42
    def __repr__(self):
        return None
class BadLen:
    def __len__(self):
        return -1
class BadBool:
    def __bool__(self):
        return 1
class BadHash:
    def __hash__(self):
        return "h"
class BadIter:
    def __iter__(self):
        return 5
for f in [lambda: str(BadStr()), lambda: repr(BadStr()), lambda: print(BadStr()), lambda: len(BadLen()), lambda: bool(BadBool()), lambda: hash(BadHash()), lambda: list(BadIter()), lambda: f"{BadStr()}"]:
    try:
        print("ok", f())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
def key(x):
    if x == 3:
        raise KeyError("key failed")
    return x
l = [5, 3, 1]
try:
    l.sort(key=key)
except KeyError as e:
    print("KeyError", e, l)
print(sorted([[2], [1, 5], [1]]), max([[1], [1, 0]]), min("b", "ab", "abc"))
