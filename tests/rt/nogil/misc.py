# Shared interpreter state used by 4 threads at once: the random
# generator's state, one exception instance raised everywhere, a class
# attribute rebound, and a list sorted while it grows.
import random
import threading

N = 3000
start = threading.Barrier(4)
bad = []
E = ValueError("shared")


class K:
    tag = "t0"


data = list(range(100))
keyed = []


def work(k):
    start.wait()
    for i in range(N):
        x = random.random()
        if not 0.0 <= x < 1.0:
            bad.append(x)
        try:
            raise E
        except ValueError as e:
            if e is not E:
                bad.append(e)
        K.tag = "t%d" % i
        if not K.tag.startswith("t"):
            bad.append(K.tag)
        if k == 0 and i % 50 == 0:
            data.sort(reverse=(i % 100 == 0))
        else:
            data.append(i)
        if k == 1 and i % 100 == 0:
            try:
                keyed.sort(key=lambda x: -x)
            except ValueError as e:
                if str(e) != "list modified during sort":
                    bad.append(e)
        else:
            keyed.append(i)


ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("bad:", bad)
print(len(data) == 100 + 4 * N - N // 50, sorted(data)[:5])
print(all(isinstance(x, int) for x in keyed))
