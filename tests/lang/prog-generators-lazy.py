def numbers():
    n = 1
    while True:
        print("  produce", n)
        yield n
        n += 1

def squares(it):
    for x in it:
        yield x * x

def take_while_below(limit, it):
    for x in it:
        if x >= limit:
            return
        yield x

for v in take_while_below(10, squares(numbers())):
    print("consume", v)
