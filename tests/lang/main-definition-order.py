def uses_later():
    return later() + 1

try:
    uses_later()
except NameError as e:
    print("NameError", e)

def later():
    return 41

print(uses_later())
x = 1
def reads_x():
    return x
x = 2
print(reads_x())
print(__name__)
