def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())

def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]

print([f(10) for f in make_adders()])

def make_late():
    return [lambda x: x + i for i in range(3)]

print([f(10) for f in make_late()])

def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()

print(outer())

def acc(start):
    total = [start]
    def add(n):
        total[0] += n
        return total[0]
    return add

a = acc(100)
print(a(1), a(10))
