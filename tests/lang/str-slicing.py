s = "abcdefghij"
print(s[2:5], s[:3], s[7:], s[:], s[-3:], s[:-3])
print(s[::2], s[1::2], s[::-1], s[::-2], s[8:2:-2])
print(s[100:], s[-100:3], s[5:2], repr(s[3:3]))
print(s[-1], s[-10], s[0])
try:
    s[10]
except IndexError as e:
    print("IndexError", e)
print(s[slice(1, 4)], s[slice(None, None, 3)])
