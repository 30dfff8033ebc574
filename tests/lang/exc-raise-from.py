class ConfigError(Exception):
    pass

def load():
    try:
        int("abc")
    except ValueError as e:
        raise ConfigError("bad config") from e

try:
    load()
except ConfigError as e:
    print(e, "| cause:", type(e.__cause__).__name__, e.__cause__)
    print("context is cause:", e.__context__ is e.__cause__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("during handling")
except KeyError as e:
    print(repr(e), "context:", type(e.__context__).__name__, "cause:", e.__cause__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("suppressed") from None
except ValueError as e:
    print(e, e.__cause__, e.__suppress_context__)
