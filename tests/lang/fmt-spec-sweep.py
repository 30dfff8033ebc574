specs = ["", "10", "<10", ">10", "^10", "+", " ", "010", ".0f", ".1f", ".3f", ".2e", ".3g", "g", "%", ".1%", ",", "_", ",.2f", "+.3e", "#.0f", ".10g", "e", "f", "G", "E", "10.4", ".0e"]
values = [0.0, -0.0, 1.0, -1.5, 0.5, 2.5, 1234.5678, 0.000123456, 1e16, 1e-7, 123456789.0, float("inf"), float("nan"), 1 / 3]
for s in specs:
    print(repr(s), [format(v, s) for v in values])
ispecs = ["", "5", "<5", "^5", "+", "05", ",", "_", "x", "#x", "X", "o", "#o", "b", "#b", "c", "d", "e", ".2f", "%", "g"]
ivalues = [0, 1, -1, 42, -42, 255, 65, 1234567, -9876543210]
for s in ispecs:
    try:
        print(repr(s), [format(v, s) for v in ivalues])
    except (ValueError, OverflowError) as e:
        print(repr(s), type(e).__name__, e)
