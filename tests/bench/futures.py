# tests/bench/futures.py — concurrent.futures costs, timed by the program
# itself so that concviz and python3 measure the same thing. Prints
# NAME<TAB>VALUE lines (microseconds per task).
import time
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor


def ident(x):
    return x


def per_task(t0, n):
    return '%.1f' % ((time.perf_counter() - t0) * 1e6 / n)


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=2) as ex:
        ex.submit(ident, 0).result()
        n = 2000
        t0 = time.perf_counter()
        for i in range(n):
            ex.submit(ident, i).result()
        print('thread submit+result round trip\t' + per_task(t0, n))
        n = 5000
        t0 = time.perf_counter()
        list(ex.map(ident, range(n)))
        print('thread map, per task\t' + per_task(t0, n))
    with ProcessPoolExecutor(max_workers=2) as ex:
        ex.submit(ident, 0).result()
        n = 300
        t0 = time.perf_counter()
        for i in range(n):
            ex.submit(ident, i).result()
        print('process submit+result round trip\t' + per_task(t0, n))
        n = 3000
        t0 = time.perf_counter()
        list(ex.map(ident, range(n)))
        print('process map, per task\t' + per_task(t0, n))
        t0 = time.perf_counter()
        list(ex.map(ident, range(n), chunksize=100))
        print('process map chunksize=100, per task\t' + per_task(t0, n))
