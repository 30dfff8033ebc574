def nothing():
    pass

def early(x):
    if x:
        return "early"
    return "late"

def multi():
    return 1, "two", [3]

def bare():
    return

print(nothing(), early(1), early(0), multi(), bare())
a, b, c = multi()
print(a, b, c)

def loop_return():
    for i in range(10):
        if i == 3:
            return i
    return -1

print(loop_return())
