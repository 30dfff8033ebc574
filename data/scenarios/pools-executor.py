# title: ThreadPoolExecutor and Pool.map
# topic: Pools and executors
# speed: 0.01
# description: Creating a thread or a process per task is costly; a pool keeps
#   a few workers and feeds them tasks. Here a ThreadPoolExecutor with two
#   workers runs six short I/O-like tasks (sleeps): at most two run at a time,
#   the rest wait in the pool's queue, and results come back in completion
#   order through as_completed().
#
#   Then a multiprocessing.Pool of two processes maps a CPU-bound function over
#   a list: each worker process has its own GIL, so the work really runs in
#   parallel.
import concurrent.futures
import multiprocessing
import time


def fetch(n):
    time.sleep(0.02 * (6 - n))
    return n


def cube(n):
    return n * n * n


if __name__ == "__main__":
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        futures = [ex.submit(fetch, n) for n in range(6)]
        for f in concurrent.futures.as_completed(futures):
            print("task {} finished".format(f.result()))

    with multiprocessing.Pool(2) as pool:
        print("cubes: {}".format(pool.map(cube, range(8))))
