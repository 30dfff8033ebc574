# threading.Lock: mutual exclusion, try-acquire, timeouts, errors, with.
import threading

lock = threading.Lock()
counter = 0


def add(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1


threads = [threading.Thread(target=add, args=(10000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter)

print(lock.locked())
print(lock.acquire())
print(lock.locked())
print(lock.acquire(False))
print(lock.acquire(timeout=0.01))
print(lock.acquire(blocking=True, timeout=0))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as exc:
    print("RuntimeError:", exc)
try:
    lock.acquire(False, 1)
except ValueError as exc:
    print("ValueError:", exc)

# A lock released by another thread than the one that took it.
lock.acquire()
t = threading.Thread(target=lock.release)
t.start()
t.join()
print(lock.locked())

with lock:
    print("inside", lock.locked())
print("outside", lock.locked())
