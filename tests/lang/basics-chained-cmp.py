x = 5
print(1 < x < 10)
print(1 < x > 3)
print(1 < 2 < 3 < 4 < 3)
print(3 > 2 == 2)
print(1 == 1 != 2)
print(1 < 2 > 1 < 2)
print("a" < "b" < "c")
print(1 <= 1 <= 1)

def f(v):
    print("eval", v)
    return v

print(f(1) < f(0) < f(3))
print(f(1) < f(2) < f(3))
