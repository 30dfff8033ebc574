# ThreadPoolExecutor: submit, result, map, as_completed, with, worker names,
# lazy worker creation and idle-worker reuse, Future states and reprs.
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, Future
import concurrent.futures


def square(x):
    return x * x


def whoami(x):
    return threading.current_thread().name


def add(a, b=0, *, c=0):
    return a + b + c


def state(f):
    r = repr(f)
    return r.split(' at ')[0] + ' ' + r.split(' ', 3)[3]


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=2) as ex:
        f = ex.submit(square, 7)
        print('result', f.result())
        print('done', f.done(), 'running', f.running(), 'cancelled', f.cancelled())
        print(state(f))
        print('kwargs', ex.submit(add, 1, 2, c=3).result())
        print('map', list(ex.map(square, range(6))))
        print('map2', list(ex.map(add, [1, 2, 3], [10, 20, 30])))
        fs = [ex.submit(square, n) for n in range(5)]
        print('as_completed', sorted(f.result() for f in as_completed(fs)))
        print('exception()', fs[0].exception())

    # An idle worker is reused (CPython 3.8+): once the first task's worker
    # has released its idle token, the next submit creates no thread.
    ex = ThreadPoolExecutor(max_workers=4)
    print(ex.submit(whoami, 0).result())
    ex._idle_semaphore.acquire()
    ex._idle_semaphore.release()
    print(ex.submit(whoami, 1).result(), len(ex._threads))
    ex.shutdown()

    # One worker is created per submit (no worker is idle) until max_workers.
    ex = ThreadPoolExecutor(max_workers=4)
    gate = threading.Event()
    started = threading.Semaphore(0)

    def blocker(i):
        started.release()
        gate.wait()
        return threading.current_thread().name

    held = [ex.submit(blocker, i) for i in range(3)]
    for i in range(3):
        started.acquire()
    gate.set()
    print(sorted(f.result() for f in held))
    names = sorted(t.name for t in threading.enumerate()
                   if t.name.startswith('ThreadPoolExecutor'))
    print(names)
    ex.shutdown()
    print('after shutdown', [t.name for t in threading.enumerate()])

    # A prefix names the workers prefix_0, prefix_1, ...; it does not take a
    # number from the counter of unnamed executors.
    with ThreadPoolExecutor(2, thread_name_prefix='fetcher') as ex:
        print(ex.submit(whoami, 0).result())
    with ThreadPoolExecutor(1) as ex:
        print(ex.submit(whoami, 0).result())

    # max_workers
    ex = ThreadPoolExecutor()
    import os
    print(ex._max_workers == min(32, os.cpu_count() + 4))
    try:
        ThreadPoolExecutor(0)
    except ValueError as e:
        print('ValueError', e)
    try:
        ThreadPoolExecutor(1, initializer=5)
    except TypeError as e:
        print('TypeError', e)

    # A Future by hand.
    f = Future()
    print(state(f), f.done())
    f.set_result('x')
    print(state(f), f.result())
    g = Future()
    g.set_exception(KeyError('k'))
    print(state(g), repr(g.exception()))
    try:
        g.result()
    except KeyError as e:
        print('raised', repr(e))
    try:
        f.set_result(1)
    except concurrent.futures.InvalidStateError as e:
        print('InvalidStateError', str(e).split(':')[0])
    print(isinstance(f, concurrent.futures.Future))
    print(issubclass(concurrent.futures.CancelledError, Exception),
          issubclass(concurrent.futures.BrokenExecutor, RuntimeError))
