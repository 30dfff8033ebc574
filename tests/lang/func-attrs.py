def documented(a, b):
    """Return the sum of a and b."""
    return a + b

def plain():
    pass

print(documented.__name__, documented.__doc__)
print(plain.__doc__)
f = documented
print(f(2, 3), f is documented, f == documented)
funcs = {"add": documented}
print(funcs["add"](4, 5))
