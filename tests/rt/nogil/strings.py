# Strings built by 4 threads at once (concatenation, join, format,
# interning through getattr names) into one shared list.
import threading

N = 3000
out = []
start = threading.Barrier(4)


class O:
    pass


o = O()


def work(k):
    start.wait()
    s = ""
    for i in range(N):
        s += str(i % 10)
        w = "-".join(["t%d" % k, str(i), "%05d" % i, f"{i:x}"])
        out.append(w)
        setattr(o, "attr_%d" % (i % 50), w)
        if getattr(o, "attr_%d" % (i % 50)) is None:
            out.append("bad")
    out.append(s)


ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(out) == 4 * N + 4)
print(sum(1 for x in out if len(x) == N) == 4)
print(all(x.startswith("t") for x in out if len(x) != N))
print(len({x for x in out if len(x) != N}) == 4 * N)
