import sys
try:
    print("a", sep=1)
except TypeError as e:
    print("TypeError", e)
try:
    print("a", end=2)
except TypeError as e:
    print("TypeError", e)
print("file=None goes to stdout", file=None)
print("sep None", "end None", sep=None, end=None)
print("", end="")
print("", "", sep="|")
