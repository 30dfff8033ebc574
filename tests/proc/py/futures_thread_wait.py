# wait() with FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED; timeouts of
# result(), exception(), wait() and as_completed(); map() raising the first
# exception when it is reached.
import threading
from concurrent.futures import (ThreadPoolExecutor, wait, as_completed,
                                FIRST_COMPLETED, FIRST_EXCEPTION,
                                ALL_COMPLETED, TimeoutError)


def gated(gate, value):
    gate.wait()
    return value


def fail(gate, msg):
    gate.wait()
    raise ValueError(msg)


def ident(x):
    return x


def check(x):
    if x == 3:
        raise ZeroDivisionError('three')
    return x


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=4) as ex:
        g1, g2, g3 = threading.Event(), threading.Event(), threading.Event()
        a = ex.submit(gated, g1, 'a')
        b = ex.submit(gated, g2, 'b')
        c = ex.submit(fail, g3, 'c failed')
        g2.set()
        done, not_done = wait([a, b, c], return_when=FIRST_COMPLETED)
        print('FIRST_COMPLETED', sorted(f.result() for f in done),
              len(not_done))
        r = wait([a, c], timeout=0.05)
        print('timed out', len(r.done), len(r.not_done))
        print(type(r).__name__, r.done == r[0], r.not_done is r[1], len(r))
        g3.set()
        done, not_done = wait([a, b, c], return_when=FIRST_EXCEPTION)
        print('FIRST_EXCEPTION', c in done, a in not_done,
              repr(c.exception()))
        try:
            a.result(timeout=0.01)
        except TimeoutError as e:
            print('result timeout', type(e).__name__, TimeoutError is e.__class__)
        try:
            a.exception(timeout=0)
        except TimeoutError:
            print('exception timeout')
        try:
            for f in as_completed([a, b], timeout=0.05):
                print('as_completed yielded', f.result())
        except TimeoutError as e:
            print('as_completed timeout:', e)
        g1.set()
        done, not_done = wait([a, b, c])
        print('ALL_COMPLETED', len(done), len(not_done))
        done, not_done = wait([a, b, c], return_when=ALL_COMPLETED)
        print(sorted(f.result() for f in done if f.exception() is None))
        done, not_done = wait([c], return_when=FIRST_EXCEPTION)
        print('already failed', len(done), len(not_done))
        try:
            wait([a], timeout=0, return_when='SOMETHING')
        except ValueError as e:
            print('ValueError', e)
        r = wait([a], return_when='SOMETHING')
        print('done already', len(r.done))

        results = ex.map(check, range(6))
        print(next(results), next(results), next(results))
        try:
            next(results)
        except ZeroDivisionError as e:
            print('map raised', repr(e))
        print(list(ex.map(ident, [])))
        gate = threading.Event()
        it = ex.map(gated, [gate, gate], ['x', 'y'], timeout=0.05)
        try:
            print(list(it))
        except TimeoutError:
            print('map timeout')
        gate.set()
