class Greeter:
    def __init__(self, name):
        self.name = name
    def greet(self, other):
        return self.name + " greets " + other

g = Greeter("ann")
m = g.greet
print(m("bob"), Greeter.greet(g, "cy"))
fns = [Greeter(n).greet for n in ["x", "y"]]
print([f("z") for f in fns])
print(m.__self__ is g, m.__func__ is Greeter.greet)
try:
    Greeter.greet("bob")
except TypeError as e:
    print("TypeError", e)
