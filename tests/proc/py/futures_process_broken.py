# A worker that dies breaks the pool: BrokenProcessPool on the outstanding
# futures and on later submits. Calls that cannot be pickled fail their
# future. Cancelling futures that are still pending.
import os
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, BrokenExecutor, wait
from concurrent.futures.process import BrokenProcessPool


def cube(n):
    return n * n * n


def die(code):
    os._exit(code)


def make():
    def inner(x):
        return x
    return inner


def wait_gate(n):
    GATE.wait()
    return n


GATE = multiprocessing.Event()

if __name__ == "__main__":
    ex = ProcessPoolExecutor(max_workers=1)
    print(ex.submit(cube, 2).result())
    f1 = ex.submit(die, 3)
    f2 = ex.submit(cube, 3)
    for f in (f1, f2):
        try:
            f.result()
        except BrokenProcessPool as e:
            print(type(e).__name__, e)
    try:
        ex.submit(cube, 4)
    except BrokenExecutor as e:
        print('submit:', type(e).__name__, e)
    ex.shutdown()
    print(multiprocessing.active_children())

    with ProcessPoolExecutor(max_workers=2) as ex:
        f = ex.submit(lambda x: x, 1)
        e = f.exception()
        print(type(e).__name__, str(e).startswith("Can't pickle <function <lambda> at 0x"))
        e = ex.submit(make(), 1).exception()
        print(type(e).__name__, e)
        print(ex.submit(cube, 5).result())

    # Futures still pending (not yet handed to a worker) can be cancelled.
    ex = ProcessPoolExecutor(max_workers=1)
    fs = [ex.submit(wait_gate, i) for i in range(10)]
    print('cancel last', fs[-1].cancel(), fs[-1].cancelled())
    GATE.set()
    done, not_done = wait(fs)
    print(len(done), len(not_done))
    print([f.result() for f in fs[:3]])
    ex.shutdown()

    GATE.clear()
    ex = ProcessPoolExecutor(max_workers=1)
    fs = [ex.submit(wait_gate, i) for i in range(10)]
    print('running first', fs[0].result(timeout=0.05) if fs[0].done() else 'no')
    GATE.set()
    ex.shutdown(cancel_futures=True)
    print('all done', all(f.done() for f in fs), fs[-1].cancelled(),
          fs[0].result())
