words = ["banana", "Apple", "apple", "_under", "Zebra", "123", "a", ""]
print(sorted(words))
print(sorted(words, reverse=True))
print("a" < "aa" < "ab" < "b", "Z" < "_" < "a")
print("abc" == "abc", "Abc".lower() == "abc")
print(max(["x", "xx", "y"]), min(["x", "xx", "y"]))
print(sorted(["é", "e", "f", "E"]))
