# threading.Barrier: indexes, action, timeouts, abort, reset.
import threading

rounds = []
b = threading.Barrier(3, action=lambda: rounds.append("action"))
idx = []
lock = threading.Lock()


def party():
    for _ in range(2):
        i = b.wait()
        with lock:
            idx.append(i)


threads = [threading.Thread(target=party) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(idx), rounds)
print(b.parties, b.n_waiting, b.broken)

broken = []


def late():
    try:
        b.wait(0.02)
    except threading.BrokenBarrierError:
        broken.append("broken")


threads = [threading.Thread(target=late) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(broken, b.broken)
try:
    b.wait()
except threading.BrokenBarrierError:
    print("still broken")
b.reset()
print(b.broken)

b2 = threading.Barrier(2)
b2.abort()
try:
    b2.wait()
except threading.BrokenBarrierError as exc:
    print(type(exc).__name__, issubclass(threading.BrokenBarrierError, RuntimeError))
