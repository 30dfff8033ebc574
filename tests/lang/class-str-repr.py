class V:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "V(" + repr(self.x) + ", " + repr(self.y) + ")"

class S(V):
    def __str__(self):
        return "<" + str(self.x) + "," + str(self.y) + ">"

v = V(1, "a")
s = S(2, "b")
print(v, repr(v), str(v))
print(s, repr(s), str(s))
print([v, s])
print((s,), {"k": s})
print("{} {!r}".format(s, s), f"{s} {s!r}")
print("%s %r" % (s, s))
class OnlyStr:
    def __str__(self):
        return "only str"
print(OnlyStr(), str(OnlyStr()))
