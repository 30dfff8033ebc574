cases = [
    ("1 / 0", lambda: 1 / 0),
    ("1 // 0", lambda: 1 // 0),
    ("1 % 0", lambda: 1 % 0),
    ("divmod(1, 0)", lambda: divmod(1, 0)),
    ("1.0 / 0", lambda: 1.0 / 0),
    ("1.0 // 0.0", lambda: 1.0 // 0.0),
    ("1 % 0.0", lambda: 1 % 0.0),
    ("divmod(1.0, 0.0)", lambda: divmod(1.0, 0.0)),
    ("pow(0, -1)", lambda: pow(0, -1)),
    ("0.0 ** -1", lambda: 0.0 ** -1),
]
for text, f in cases:
    try:
        print(text, "=", f())
    except ZeroDivisionError as e:
        print(text, "->", type(e).__name__, e)
