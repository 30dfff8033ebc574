def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append(a + c)
        hanoi(n - 1, b, a, c, moves)
    return moves

print(fact(0), fact(5), fact(20))
print([fib(i) for i in range(15)])
print(hanoi(3, "A", "B", "C", []))

def even(n):
    return True if n == 0 else odd(n - 1)

def odd(n):
    return False if n == 0 else even(n - 1)

print(even(10), odd(7), even(7))

def depth(l):
    return 1 + max([depth(x) for x in l], default=0) if isinstance(l, list) else 0

print(depth([[], [[1]], 2]))
