class Box:
    size = 3

b = Box()
print(getattr(b, "size"), getattr(Box, "size"), getattr(b, "color", "none"))
setattr(b, "color", "red")
print(b.color, hasattr(b, "color"), hasattr(b, "weight"), hasattr(Box, "color"))
name = "dyn"
setattr(b, name + "_attr", 1)
print(getattr(b, "dyn_attr"))
try:
    getattr(b, "weight")
except AttributeError as e:
    print("AttributeError", e)
print(hasattr("s", "upper"), getattr("s", "upper")())
print(getattr([3, 1, 2], "count")(1))
