# title: ProcessPoolExecutor and futures
# topic: Pools and executors
# speed: 0.02
# description: A ProcessPoolExecutor forks its worker processes (ForkProcess-1
#   and ForkProcess-2) when the first task is submitted; a manager thread in
#   the parent (Thread-1) hands them the calls and files each result under
#   its future. The CPU-bound tasks run in parallel, one GIL per process.
#
#   submit() returns a Future at once. The main thread waits in wait() and in
#   result(): Blocked on a future until a worker's result arrives (Timed
#   Waiting when it gives a timeout). A future whose call has not been handed
#   to a worker yet can still be cancelled; an exception raised in a worker
#   comes back and result() raises it again in the parent.
import concurrent.futures
import time


def burn(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


def fails(n):
    time.sleep(0.05)
    raise ValueError("task {} failed".format(n))


if __name__ == "__main__":
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as ex:
        futures = [ex.submit(burn, 100000 * (i + 1)) for i in range(4)]
        last = ex.submit(burn, 10)
        print("cancelled the last one: {}".format(last.cancel()))
        done, pending = concurrent.futures.wait(
            futures, return_when=concurrent.futures.FIRST_COMPLETED)
        print("the first one is done")
        for f in futures:
            print("result: {}".format(f.result(timeout=60)))
        bad = ex.submit(fails, 7)
        try:
            bad.result()
        except ValueError as e:
            print("the worker raised: {}".format(e))
