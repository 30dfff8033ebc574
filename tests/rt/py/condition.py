# threading.Condition: producer/consumer, notify, notify_all, wait_for.
import threading

cond = threading.Condition()
items = []
consumed = []


def consumer(n):
    for _ in range(n):
        with cond:
            while not items:
                cond.wait()
            consumed.append(items.pop(0))


c = threading.Thread(target=consumer, args=(5,))
c.start()
for i in range(5):
    with cond:
        items.append(i)
        cond.notify()
c.join()
print(consumed)

with cond:
    print(cond.wait(0.01))
    print(cond.wait_for(lambda: True))
    print(cond.wait_for(lambda: False, timeout=0.01))

try:
    cond.notify()
except RuntimeError as exc:
    print("RuntimeError:", exc)
try:
    cond.wait()
except RuntimeError as exc:
    print("RuntimeError:", exc)

ready = 0
go = False
done = []


def waiter(i):
    global ready
    with cond:
        ready += 1
        cond.notify_all()
        cond.wait_for(lambda: go)
        done.append(i)


threads = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
with cond:
    cond.wait_for(lambda: ready == 3)
    go = True
    cond.notify_all()
for t in threads:
    t.join()
print(sorted(done))

lock = threading.Lock()
c2 = threading.Condition(lock)
with c2:
    print(lock.locked(), c2.wait(0.001), lock.locked())
print(lock.locked())
