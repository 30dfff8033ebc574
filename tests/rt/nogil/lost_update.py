# counter += 1 from 4 threads with a call between the read and the write:
# the free-threaded mode keeps Python-level races, so updates are lost
# (while a Lock around the same code loses none).
import threading

N = 20000


def slow(x):
    return x + 1


def run(use_lock):
    global counter
    counter = 0
    lock = threading.Lock()
    start = threading.Barrier(4)

    def work():
        global counter
        start.wait()
        for _ in range(N):
            if use_lock:
                with lock:
                    counter = slow(counter)
            else:
                counter = slow(counter)

    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return counter


lost = False
for attempt in range(20):
    if run(False) < 4 * N:
        lost = True
        break
print("lost updates without a lock:", lost)
print("with a lock:", run(True) == 4 * N)
