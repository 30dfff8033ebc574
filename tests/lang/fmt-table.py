rows = [("apples", 3, 0.5), ("kiwis", 12, 0.25), ("watermelons", 1, 3.0)]
print("{:<12}{:>5}{:>8}".format("item", "qty", "price"))
print("-" * 25)
total = 0
for name, qty, price in rows:
    print("{:<12}{:>5}{:>8.2f}".format(name, qty, price))
    total += qty * price
print("-" * 25)
print("{:<12}{:>13.2f}".format("total", total))
print("|%-6s|%6s|%06.2f|" % ("ab", "cd", 3.14159))
