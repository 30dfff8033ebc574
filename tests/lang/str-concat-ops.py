parts = []
for i in range(5):
    parts.append(str(i))
print("".join(parts))
s = ""
for i in range(5):
    s += str(i) * i
print(s)
try:
    "a" + 1
except TypeError as e:
    print("TypeError", e)
try:
    1 + "a"
except TypeError as e:
    print("TypeError", e)
print("ab" * 0, "ab" * -1, repr("ab" * 0))
print(min("hello"), max("hello"), sorted("hello"))
print(list(reversed("abc")), "abc"[::-1])
