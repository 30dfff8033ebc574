# threading.RLock: owner and depth.
import threading

r = threading.RLock()
print(r.acquire(), r.acquire(), r.acquire(blocking=False))
results = []


def other():
    results.append(r.acquire(blocking=False))
    try:
        r.release()
    except RuntimeError as exc:
        results.append(str(exc))
    results.append(r.acquire(timeout=0.01))


t = threading.Thread(target=other)
t.start()
t.join()
print(results)
r.release()
r.release()
r.release()
try:
    r.release()
except RuntimeError as exc:
    print("RuntimeError:", exc)

with r:
    with r:
        print("nested ok")


def recurse(n):
    with r:
        return 0 if n == 0 else n + recurse(n - 1)


print(recurse(10))
t = threading.Thread(target=lambda: results.append(r.acquire(blocking=False)))
t.start()
t.join()
print(results[-1])
# The thread ended owning it: nobody else can take it.
print(r.acquire(blocking=False))
