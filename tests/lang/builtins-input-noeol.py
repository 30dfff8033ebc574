first = input()
print(repr(first))
last = input()
print(repr(last))
