# title: Two threads, one GIL
# topic: The GIL
# speed: 0.005
# description: Two CPU-bound threads share the GIL. Only the holder runs
#   Python code; the other is Runnable (ready), waiting for the key.
#
#   Watch the switch interval: the waiting thread asks for the GIL, waits 5 ms,
#   then sets a drop request. The holder notices it at its next check (a
#   backward jump of its loop), drops the GIL (a forced drop) and the waiter
#   takes it. The GIL row alternates strictly between the two threads, about
#   once per interval, so the two jobs together take as long as one after the
#   other: threads do not make CPU-bound Python faster.
import threading
import time


def count(n):
    total = 0
    while n > 0:
        total += n
        n -= 1
    return total


if __name__ == "__main__":
    n = 200000
    start = time.perf_counter()
    count(n)
    count(n)
    sequential = time.perf_counter() - start

    start = time.perf_counter()
    t1 = threading.Thread(target=count, args=(n,))
    t2 = threading.Thread(target=count, args=(n,))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    threaded = time.perf_counter() - start
    print("threads / sequential = {:.2f}".format(threaded / sequential))
