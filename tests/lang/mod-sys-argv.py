import sys
print(len(sys.argv))
print(sys.argv[0])
print(sys.argv[1:])
print(type(sys.argv).__name__)
