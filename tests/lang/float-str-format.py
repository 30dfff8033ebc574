x = 1234.5678
print(str(x), repr(x), "{}".format(x), f"{x}", "%s" % x, "%r" % x)
print("%f" % x, "%.1f" % x, "%e" % x, "%g" % x, "%10.2f|" % x, "%-10.2f|" % x)
print(f"{x:.3e}", f"{x:g}", f"{x:.2g}", f"{x:,.1f}", f"{x:+.0f}", f"{x:012.3f}")
print(f"{0.000012345:g}", f"{123456789.0:g}", f"{1e-4:g}", f"{1e-5:g}", f"{1e16:g}")
print(f"{2.5:.0f}", f"{3.5:.0f}", f"{0.125:.2f}", f"{0.375:.2f}", f"{1.0:.3f}")
print(f"{float('inf'):.2f}", f"{float('-inf'):>6}", f"{float('nan'):e}")
print(str(1e-4), str(1e-5), str(123e18), str(1.5e16), str(-1e-7))
