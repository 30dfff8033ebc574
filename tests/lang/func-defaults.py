def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct

print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", punct="?"))
print(greet(greeting="Yo", name="Di"))

def append_to(x, acc=[]):
    acc.append(x)
    return acc

print(append_to(1), append_to(2))

def safe(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc

print(safe(1), safe(2))
n = 10
def late(v=n):
    return v
n = 20
print(late())
