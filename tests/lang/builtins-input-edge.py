a = input("first> ")
print(repr(a))
b = input()
print(repr(b))
c = input("")
print(repr(c))
try:
    input("prompt before EOF> ")
except EOFError as e:
    print()
    print("EOFError:", e)
