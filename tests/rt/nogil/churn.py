# A dict and a list set, deleted and iterated by 4 threads at once: no
# crash; "changed size during iteration" may be raised, as in CPython.
import threading

d = {}
lst = []
R = 1500
start = threading.Barrier(4)
errors = []


class Box:
    def __init__(self, v):
        self.v = v


def writer(k):
    start.wait()
    for i in range(R):
        key = (i * 7 + k) % 64
        d[key] = Box(i)
        d["s%d" % key] = [i, k]
        if i % 3 == 0:
            d.pop(key, None)
            try:
                del d["s%d" % ((key + 1) % 64)]
            except KeyError:
                pass
        lst.append(Box(i))
        if len(lst) > 50:
            try:
                lst.pop(0)
                del lst[:3]
                lst[k] = Box(-1)
            except IndexError:
                pass
        if i % 100 == 0:
            d.clear() if k == 0 else None
            try:
                lst.sort(key=lambda b: b.v)
            except ValueError as e:
                # Another thread appended meanwhile: CPython says the same.
                if str(e) != "list modified during sort":
                    errors.append(e)


def reader(k):
    start.wait()
    n = 0
    for i in range(R):
        try:
            for key in d:
                n += 1
            for key, v in list(d.items()):
                if isinstance(v, Box):
                    n += v.v >= 0
            c = d.copy()
            n += len(c)
        except RuntimeError as e:
            # Both are CPython's words for a dict changed under a loop.
            if "changed size during iteration" not in str(e) and \
                    "keys changed during iteration" not in str(e):
                errors.append(e)
        for b in lst:
            n += b.v >= -1
        try:
            x = lst[-1]
            n += x.v >= -1
            n += lst[1:5] is not None
            n += lst.index(x) >= 0
        except (IndexError, ValueError):
            pass
        n += Box(0) in lst
        v = d.get(i % 64)
        if v is not None:
            n += v.v >= 0


ts = [threading.Thread(target=writer, args=(0,)),
      threading.Thread(target=writer, args=(1,)),
      threading.Thread(target=reader, args=(0,)),
      threading.Thread(target=reader, args=(1,))]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("errors:", errors)
print(all(isinstance(b, Box) for b in lst))
print(all(isinstance(k, (int, str)) for k in d))
