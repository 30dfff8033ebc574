a = [1, 2]
b = (3, 4)
print([*a, *b], (*a, *b), [*a, 0, *"xy"])
print({*a, *b} == {1, 2, 3, 4}, [*range(3)], (*a,))
first, *_ = [*b, *a]
print(first)
def f(*args):
    return len(args)
print(f(*a, *b, 5))
