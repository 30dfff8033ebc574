d = {}
d[(1, 2)] = "pair"
d[(1,)] = "single"
d[()] = "empty"
print(d[(1, 2)], d[(1,)], d[()])
print(hash((1, 2)) == hash((1, 2)))
s = {(0, 0), (0, 1), (0, 0)}
print(len(s), (0, 1) in s)
t = ([1],)
try:
    hash(t)
except TypeError as e:
    print("TypeError", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError", e)
