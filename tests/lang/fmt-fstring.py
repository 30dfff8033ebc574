name = "World"
n = 7
x = 3.14159
items = [1, 2, 3]
d = {"key": "value"}
print(f"Hello, {name}!")
print(f"{n} squared is {n * n}")
print(f"{x:.2f} {x:8.3f} {n:03d} {n:>4} {name:*^9}")
print(f"{items} {items[0]} {len(items)} {d['key']}")
print(f'{d["key"]} {name!r} {name!s} {name.upper()}')
print(f"{{braces}} {n}{n}")
print(f"{'nested ' + name}")
print(f"{n if n > 5 else 0} {[i * 2 for i in items]}")
w = 10
p = 3
print(f"{x:{w}.{p}f}|")
print(F"upper F {n}", rf"raw \n {n}")
print(f"""triple {name}""")
