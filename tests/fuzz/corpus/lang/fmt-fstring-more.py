name = "concviz"
n = 5
vals = {"a": 1, "b": [2, 3]}
w = 12
print(f"{name!r:>{w}}|{name:<{w}}|{name:^{w}.3}|")
print(f"{vals['b'][1]} {vals['a'] + 1} {len(vals)}")
print(f"{3.0:.{2}f} {255:#x} {255:08b} {1e6:,.0f} {-0.5:+.1%}")
print(f"{'left':<8}|{'right':>8}|{'mid':^8}|")
print(f"{[1, 2]!s} {(1, 'a')!r} {None} {True}")
pct = 0.4567
print(f"progress: {pct:.1%} done")
print(f"{1}{2}{3}", f"", f"{''}", f"{'{'}{'}'}")
n = 5
print(f"{n:>3}{n:<3}{n:^5}|")
print(f'{vals["a"]} {"dq in sq"}', f"{'sq in dq'}", f'''{"tri"}''')
