print(1 < 2 < 3, 3 > 2 > 1, 1 < 3 < 2, 1 == 1 == 1.0)
print("abc" < "abd", "B" < "a", [1, 2] < [1, 3], (1, "a") < (1, "b"))
print(1 in [1, 2], "x" not in "abc", 2 in {1: "a", 2: "b"}, 3 in range(5))
print(None == 0, None is None, [] is [], 0 == -0, 0.0 == -0.0)
print(max("apple", "banana"), min([3, 1], [2, 9]))
a = [1]
b = a
print(a is b, a == b, a is not [1], a == [1])
print(1 != 2 != 1)
