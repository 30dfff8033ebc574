d = {"a": 1, "b": 2, "c": 3}
for k in list(d):
    if d[k] % 2:
        del d[k]
print(d)
try:
    for k in d:
        d["new" + k] = 0
except RuntimeError as e:
    print("RuntimeError", e)
counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(max(counts, key=counts.get))
inv = {}
for k, v in counts.items():
    inv.setdefault(v, []).append(k)
print(inv)
