# ProcessPoolExecutor initializer (run once in each worker before its
# tasks); a failing initializer breaks the pool. A process's own executors
# are waited for when its body ends, as at the end of the main program.
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

BASE = 0


def init(x):
    global BASE
    BASE = x


def add_base(n):
    return BASE + n


def bad_init():
    raise RuntimeError('init failed')


def chained(gate, prev, i):
    if prev is None:
        gate.wait()
    else:
        prev.result()
    print('child task', i, flush=True)


def child():
    ex = ThreadPoolExecutor(2)
    gate = threading.Event()
    prev = None
    for i in range(3):
        prev = ex.submit(chained, gate, prev, i)
    print('child body done', flush=True)
    gate.set()


if __name__ == "__main__":
    with ProcessPoolExecutor(2, initializer=init, initargs=(100,)) as ex:
        print(list(ex.map(add_base, range(5))))
    print('parent BASE', BASE)
    ex = ProcessPoolExecutor(1, initializer=bad_init)
    try:
        ex.submit(add_base, 1).result()
    except BrokenProcessPool as e:
        print(type(e).__name__)
    ex.shutdown()
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    print('exitcode', p.exitcode)
