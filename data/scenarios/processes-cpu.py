# title: CPU-bound work in two processes
# topic: Processes
# speed: 0.02
# description: The same CPU-bound job runs twice one after the other, then
#   twice at once in two processes. Each process has its own interpreter and
#   its own GIL, so on a machine with two cores both children are Runnable
#   (running) at the same moment and the parallel part takes about half the
#   time of the sequential part.
#
#   Compare with "Two threads, one GIL" under The GIL: there the two threads
#   take turns with the one lock, and running them together gains nothing.
import multiprocessing
import time


def burn(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def job(name, n):
    burn(n)
    print("{} done".format(name))


if __name__ == "__main__":
    n = 300000

    start = time.perf_counter()
    job("sequential 1", n)
    job("sequential 2", n)
    sequential = time.perf_counter() - start

    start = time.perf_counter()
    p1 = multiprocessing.Process(target=job, args=("process 1", n))
    p2 = multiprocessing.Process(target=job, args=("process 2", n))
    p1.start()
    p2.start()
    p1.join()
    p2.join()
    parallel = time.perf_counter() - start

    print("processes / sequential = {:.2f}".format(parallel / sequential))
