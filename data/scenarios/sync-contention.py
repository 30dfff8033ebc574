# title: Lock contention
# topic: Synchronization
# speed: 0.01
# description: Three workers share one Lock and hold it while they "work"
#   (a 50 ms sleep inside the critical section). Only one can be inside at a
#   time; the others queue up Blocked/Waiting on the lock.
#
#   Notice that holding a lock is not the same as holding the GIL: the worker
#   inside the critical section is asleep (Timed Waiting) and has released the
#   GIL, yet the others still cannot enter. The longer a lock is held, the more
#   the threads behind it wait; keep critical sections short.
import threading
import time

lock = threading.Lock()


def worker(name, rounds):
    for i in range(rounds):
        with lock:
            print("{} has the lock (round {})".format(name, i + 1))
            time.sleep(0.05)
        time.sleep(0.01)


if __name__ == "__main__":
    names = ["A", "B", "C"]
    threads = [threading.Thread(target=worker, args=(n, 3), name="worker-" + n)
               for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("all done")
