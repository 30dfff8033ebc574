n = 3
print([i * n for i in range(n)])

def f():
    m = 2
    return [i * m for i in range(3)]

print(f())

class K:
    vals = [1, 2]
    doubled = [v * 2 for v in vals]

print(K.doubled)
funcs = [lambda: i for i in range(3)]
print([g() for g in funcs])
try:
    print(i)
except NameError as e:
    print("NameError", e)
