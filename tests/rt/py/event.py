# threading.Event.
import threading

e = threading.Event()
print(e.is_set(), e.wait(0), e.wait(0.01))
woke = []
lock = threading.Lock()


def waiter(i):
    r = e.wait()
    with lock:
        woke.append((i, r))


threads = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
e.set()
for t in threads:
    t.join()
print(sorted(woke))
print(e.is_set(), e.wait(), e.wait(0))
e.clear()
print(e.is_set(), e.wait(0.01))
