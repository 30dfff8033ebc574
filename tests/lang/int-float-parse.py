def show(f, *args):
    try:
        print(repr(args[0]), "->", repr(f(*args)))
    except ValueError as e:
        print(repr(args[0]), "->", "ValueError:", e)

for s in [" 1_000 ", "1__0", "_1", "1_", "0x1_f", "  -0  ", "+-1", "0b", "1.0", "0012", "0o", "0_0"]:
    show(int, s)
for s in ["1_0.5", "infinity", "-nan", " 1e-3 ", "1e", ".", "-.5e+2", "1.5E3", "+inf", "iNF", "nAn", "1_e5", "0x10", "1e999", "-1e-999"]:
    show(float, s)
show(int, "z", 36)
show(int, "0x_1f", 16)
show(int, "0b101", 2)
show(int, "101", 0)
show(int, "010", 0)
