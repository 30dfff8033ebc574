def g():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

for x in g():
    print(x)
print("loop done")

gen = g()
print(next(gen))
gen.close()
print("closed")
print(next(gen, "exhausted"))

def counter():
    i = 0
    while True:
        i += 1
        yield i

a = counter()
b = counter()
print(next(a), next(a), next(b), next(a))
