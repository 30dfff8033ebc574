def g():
    try:
        yield "a"
        return "ret"
    finally:
        print("finally in generator")

it = g()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print("stop", e.value)
print(list(g()))

def early_break():
    for i in range(10):
        yield i

total = 0
for x in early_break():
    total += x
    if x == 4:
        break
print(total)
