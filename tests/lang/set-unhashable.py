s = {1, 2, 3}
try:
    {s}
except TypeError as e:
    print("TypeError", e)
try:
    s.add([1])
except TypeError as e:
    print("TypeError", e)
try:
    {1: 2} in s
except TypeError as e:
    print("TypeError", e)
print({(1, 2), (1, 2)}, {None}, {"only"})
print(set([1, 2]) == {1, 2}, {1, 2, 3} - {2} == {1, 3})
print(1 in {1.0}, {1, 1.0, True})
