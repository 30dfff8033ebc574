fmts = ["%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%x", "%#X", "%o", "%e", "%.2e", "%f", "%.0f", "%10.3f", "%-10.1f|", "%g", "%.3g", "%G", "%s", "%r", "%5s", "%-5s|", "%.1s", "%c"]
for f in fmts:
    row = []
    for v in [0, 7, -7, 65, 3.14159, -2.5, 1e10, "s"]:
        try:
            row.append(f % v)
        except (TypeError, ValueError, OverflowError) as e:
            row.append(type(e).__name__)
    print(repr(f), row)
