for i in range(3):
    try:
        if i == 1:
            raise ValueError("swallowed by continue")
        print("body", i)
    finally:
        if i == 1:
            continue
print("after continue-in-finally")
for i in range(3):
    try:
        raise KeyError(i)
    finally:
        break
print("break in finally swallowed", i)
def f():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                continue
    return "end"
print(f())
def g():
    while True:
        try:
            return "try"
        finally:
            print("finally before return")
print(g())
x = 0
while x < 3:
    x += 1
    try:
        if x == 2:
            continue
    finally:
        print("finally", x)
else:
    print("while else", x)
