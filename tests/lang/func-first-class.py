def apply(f, *args):
    return f(*args)

def square(x):
    return x * x

print(apply(square, 4), apply(max, 3, 9, 2), apply(len, "abc"))
ops = [abs, str, square]
print([op(-3) for op in ops])
table = {"up": str.upper, "low": str.lower}
print(table["up"]("MiX"), table["low"]("MiX"))
print(list(map(str, [1, 2])), list(map(int, ["7", "8"])))
m = "abc".upper
print(m())
