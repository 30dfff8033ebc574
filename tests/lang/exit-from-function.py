import sys

def check(n):
    if n > 2:
        print("limit reached at", n)
        sys.exit(n * 10)
    return n

for i in range(10):
    check(i)
