class R:
    def __repr__(self):
        return "R()"

class S:
    def __str__(self):
        return "S-str"

class Both(R):
    def __str__(self):
        return "both-str"

for obj in [R(), Both()]:
    print(str(obj), repr(obj), "%s|%r" % (obj, obj), f"{obj}|{obj!r}", [obj])
s = S()
print(str(s), repr(s).startswith("<__main__.S object at 0x"), [str(s)])
print("{}".format(R()), format(Both()), str([Both()]))
