for v in [0, 1, -1, 0.0, "", "0", " ", [], [0], (), (None,), {}, {0: 0}, None, range(0), range(1)]:
    print(repr(v), bool(v))
print(set() or "empty set is false")
