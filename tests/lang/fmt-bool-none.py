print(repr(format(True, "")), repr(format(True, "5")), repr(format(True, ">5")), repr(format(False, "d")), repr(f"{True:^7}"), repr(f"{None!s:>5}"), repr(f"{True!s:5}"))
print("%s %d %r %5s" % (True, True, False, None))
print(repr(format(None, "")), str(True + 0.5), True * "ab", [True] * 2)
try:
    format(None, "5")
except TypeError as e:
    print("TypeError", e)
print(f"{3:{''}}", f"{'x':{''}<3}|", f"{2.0:}", f"{-0.0:+}", f"{1e16:}", f"{0.1:}")
print(f"{12:,}", f"{12.5:,}", f"{1234.5:,}", f"{-1234567:_}")
print(f"{5:b}", f"{5:#b}", f"{-5:08b}", f"{65:c}{66:c}")
