# Two CPU-bound jobs, sequential then in two threads: the reference figure
# for bench-gil (run by tests/bench/run.sh with python3 when present).
import threading
import time


def job(n):
    x = 0
    for i in range(n):
        x = (x * 31 + i) & 0xFFFF
    return x


def sequential():
    job(N)
    job(N)


def threaded():
    threads = [threading.Thread(target=job, args=(N,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def best(f):
    """Best of three: the machine is shared."""
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


N = 1000000
print("%.2f" % (best(threaded) / best(sequential)))
