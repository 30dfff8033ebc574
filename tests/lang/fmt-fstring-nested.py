x = "ab"
n = 3.14159
w = 10
print(f"{x!r:^10}|{x:{'>'}{w}}|{n:{w}.{2}f}|{n!s:>8}|")
print(f"{'a' 'b'}", f"{x + 'c'!r}", f"{[x] * 2}", f"{ {'k': 1}['k'] }", f"{(lambda: 5)()}")
print(f"{n:.3}", f"{n:.3g}", f"{int(n):05}", f"{-n:+.1f}", f"{n:e}")
print(f"{1e100:.2f}"[:12], f"{123:>{w}}", f"{'%'}", f"{3 % 2}")
d = {"a": [1, {"b": "c"}]}
print(f"{d['a'][1]['b']}", f'{d["a"][0]:3d}', f"{len(d):{'0'}{3}}")
print(f"{x}" f"{x}" "plain" f"{n:.1f}")
print(f"{{}}{x}{{{x}}}")
for i in range(3):
    print(f"{i:>{i + 1}}|")
