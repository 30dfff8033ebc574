try:
    assert 1 + 1 == 2, "math works"
    print("first assert passed")
    assert 1 > 2, "one is not greater than two"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert []
except AssertionError as e:
    print("bare AssertionError:", repr(e), e.args)
x = 5
try:
    assert x < 0, f"x is {x}"
except AssertionError as e:
    print(e)
