# Semaphore and BoundedSemaphore.
import threading

s = threading.Semaphore(2)
cond = threading.Condition()
go = threading.Event()
inside = 0
peak = 0


def visit():
    global inside, peak
    with s:
        with cond:
            inside += 1
            peak = max(peak, inside)
            cond.notify_all()
        go.wait()
        with cond:
            inside -= 1


threads = [threading.Thread(target=visit) for _ in range(4)]
for t in threads:
    t.start()
with cond:
    cond.wait_for(lambda: inside == 2)
print("two inside")
go.set()
for t in threads:
    t.join()
print("peak", peak, "inside", inside)

print(s.acquire(), s.acquire(), s.acquire(blocking=False), s.acquire(timeout=0.01))
s.release()
s.release(2)
print(s.acquire(False), s.acquire(False), s.acquire(False), s.acquire(False))

b = threading.BoundedSemaphore(1)
try:
    b.release()
except ValueError as exc:
    print("ValueError:", exc)
print(b.acquire())
b.release()
try:
    threading.Semaphore(-1)
except ValueError as exc:
    print("ValueError:", exc)
