print(str(0), str(-0), str(12345678901234), str(-9223372036854775807))
print(int("-0x1f", 16), int("0o17", 8), int("  +0b11  ", 0), int("00012"))
for bad in ["0x", "1e3", "--1", "1 2"]:
    try:
        print(repr(bad), int(bad))
    except ValueError as e:
        print("ValueError", e)
try:
    int("12", 1)
except ValueError as e:
    print("ValueError", e)
try:
    int("12", 37)
except ValueError as e:
    print("ValueError", e)
print(len(str(2 ** 62)), str(7).zfill(3))
