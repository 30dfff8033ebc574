# Many short-lived threads that allocate, raise and catch exceptions, and
# start in waves while others end: the thread registry and the allocator
# stay consistent.
import threading

results = []
lock = threading.Lock()


def short(k):
    d = {i: [i] * 3 for i in range(30)}
    s = {str(i) for i in range(30)}
    total = 0
    for i in range(30):
        try:
            if i % 7 == 0:
                raise ValueError("v%d" % i)
            total += len(d[i]) + len(s)
        except ValueError as e:
            total += len(str(e))
    with lock:
        results.append(total)


alive = []
for wave in range(25):
    ts = [threading.Thread(target=short, args=(k,)) for k in range(8)]
    for t in ts:
        t.start()
    alive.extend(ts)
    if len(alive) > 12:
        for t in alive[:8]:
            t.join()
        alive = alive[8:]
for t in alive:
    t.join()
print(len(results), len(set(results)))
print(threading.active_count())
