parts = ["a", "", "b c", ""]
joined = ",".join(parts)
print(repr(joined), joined.split(",") == parts)
print("x".join([]) == "", "x".join(["only"]))
print("a b  c".split(" "), "a b  c".split())
print(" lead".split(" "), "trail ".split(" "))
print("abc".split("b", 0), "abcabc".split("b", 1), "abcabc".rsplit("b", 1))
csv = "name,age\nann,30\nbob,25"
rows = [line.split(",") for line in csv.splitlines()]
print(rows)
print("\n".join(",".join(r) for r in rows) == csv)
