a = [1, 2]
b = [1, 2]
c = a
print(a == b, a is b, a is c, a is not b)
print(None is None, None == None)
one = 1
print(1 == 1.0, one is not None)
print(type(1) is int, type(1.0) is float, type("") is str)
print([] == [], () == (), {} == {})
print([1, 2] == (1, 2))
print("abc" == "abc")
x = None
print(x is None, x is not None)
