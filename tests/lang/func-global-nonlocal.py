counter = 0

def bump():
    global counter
    counter += 1

bump()
bump()
print(counter)

def shadow():
    counter = 99
    return counter

print(shadow(), counter)

def read_only():
    return counter * 2

print(read_only())

def make_global():
    global created
    created = "made inside"

make_global()
print(created)

def outer():
    v = 1
    def inner():
        nonlocal v
        v = v + 1
    inner()
    inner()
    return v

print(outer())

def unbound():
    print(counter)
    counter = 5

try:
    unbound()
except UnboundLocalError as e:
    print("UnboundLocalError", e)
