d = {"a": 1}
try:
    d["b"]
except KeyError as e:
    print("KeyError", e, repr(e), e.args)
try:
    d[1]
except KeyError as e:
    print("KeyError", e)
try:
    d[(1, "x")]
except KeyError as e:
    print("KeyError", e)
try:
    del d["q"]
except KeyError as e:
    print("KeyError", e)
try:
    d[[1]]
except TypeError as e:
    print("TypeError", e)
