def risky():
    raise ValueError("original")

try:
    try:
        risky()
    except ValueError:
        print("logging, then re-raise")
        raise
except ValueError as e:
    print("outer caught", e)

try:
    try:
        risky()
    except ValueError as e:
        err = e
        raise err
except ValueError as e:
    print("same object:", e is err)

def handler():
    try:
        raise KeyError("k")
    except KeyError:
        try:
            raise TypeError("inner")
        except TypeError:
            pass
        raise

try:
    handler()
except KeyError as e:
    print("re-raised the active one:", repr(e))
