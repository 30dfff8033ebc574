# ProcessPoolExecutor on forked workers: submit, map (with chunksize),
# as_completed, wait, exceptions re-raised in the parent, worker names and
# the parent relation, with, shutdown and submit after shutdown.
import os
import multiprocessing
from concurrent.futures import (ProcessPoolExecutor, as_completed, wait,
                                FIRST_EXCEPTION)


class Oops(Exception):
    pass


def cube(n):
    return n * n * n


def where(n):
    return (multiprocessing.current_process().name,
            os.getppid() == PARENT, os.getpid() != PARENT)


def meet(i):
    # Two tasks that can only finish together: they run on two workers.
    EVENTS[i].set()
    EVENTS[1 - i].wait()
    return where(i)


def explode(n):
    if n == 2:
        raise Oops('bad input %d' % n)
    return n


def pair(a, b, scale=1):
    return (a + b) * scale


PARENT = os.getpid()
EVENTS = [multiprocessing.Event(), multiprocessing.Event()]

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as ex:
        print(ex.submit(cube, 3).result())
        print(ex.submit(pair, 1, 2, scale=10).result())
        print(list(ex.map(cube, range(8))))
        print(list(ex.map(cube, range(10), chunksize=3)))
        print(list(ex.map(pair, [1, 2], [3, 4])))
        fs = [ex.submit(cube, n) for n in range(6)]
        print(sorted(f.result() for f in as_completed(fs)))
        f = ex.submit(explode, 2)
        try:
            f.result()
        except Oops as e:
            print('raised in parent:', repr(e))
        print('exception():', repr(f.exception()))
        print(repr(f).split(' ', 3)[3])
        fs = [ex.submit(explode, n) for n in range(4)]
        done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
        print('FIRST_EXCEPTION', fs[2] in done)
        it = ex.map(explode, range(5))
        print(next(it), next(it))
        try:
            next(it)
        except Oops as e:
            print('map raised', e)
        seen = sorted(ex.map(meet, range(2)))
        print([s[0] for s in seen], all(s[1] and s[2] for s in seen))
    try:
        ex.submit(cube, 1)
    except RuntimeError as e:
        print('RuntimeError', e)
    print(multiprocessing.active_children())

    ex = ProcessPoolExecutor()
    print(ex._max_workers == os.cpu_count())
    try:
        ProcessPoolExecutor(max_workers=0)
    except ValueError as e:
        print('ValueError', e)
    try:
        list(ex.map(cube, [1], chunksize=0))
    except ValueError as e:
        print('ValueError', e)
    ex.shutdown()
    print('done')
