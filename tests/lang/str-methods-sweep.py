samples = ["", " ", "a", " a b ", "a,b,,c,", ",a", "  lead", "trail  ", "a\tb\nc  d", "x--y--z", "--"]
for s in samples:
    print(repr(s), s.split(), s.split(" "), s.split(",", 1), s.rsplit(None, 1), s.split("--"), s.strip(" -,"), s.partition("-"), s.rpartition(","), s.title(), s.swapcase(), s.splitlines())
for s in ["abc", "aaa", "", "banana"]:
    print(repr(s), s.find("a"), s.rfind("a"), s.find("a", 1, 2), s.count("a", 1), s.replace("a", "", 1), s.startswith("a", 1), s.endswith("a", 0, 2), s.zfill(5), s.center(5, "."), s.ljust(4, "_"), s.rjust(4, "_"))
