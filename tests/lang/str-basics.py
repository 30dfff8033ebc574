s = "hello"
print(len(s), s[0], s[-1], s[1:3], s[::-1])
print("ab" + "cd", "ab" * 3, 3 * "x", "" * 5)
print("ell" in s, "z" in s, "" in s, "z" not in s)
print("abc" < "abd", "Z" < "a", "abc" < "ab", "" < "a")
print(str(42), str(None), str([1, "a"]))
print("a" "b" "c")
print(s == "hello", s != "Hello")
for ch in "hi!":
    print(ch, end=" ")
print()
