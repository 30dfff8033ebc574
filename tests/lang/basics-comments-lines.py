# a comment
x = 1  # trailing comment
y = (1 +
     2 +
     3)
z = [
    1,
    2,  # inside
]
w = 1 + \
    2
s = "semi"; t = "colons"
print(x, y, z, w, s, t)
if x: print("one-line if")
while False: pass
for i in range(2): print("loop", i)
def g(): return "one-line def"
print(g())
