# Cancelling pending futures, shutdown(cancel_futures=True), submit after
# shutdown, done callbacks (run by the thread that completes the future, or
# at once when it is already done), an exception in a callback, and a
# failing initializer (BrokenThreadPool).
import threading
from concurrent.futures import ThreadPoolExecutor, CancelledError, wait
from concurrent.futures.thread import BrokenThreadPool

log = []


def gated(gate, value):
    gate.wait()
    return value


def record(f):
    if f.cancelled():
        log.append(('cancelled', threading.current_thread().name))
    else:
        log.append((f.result(), threading.current_thread().name))


def bad_callback(f):
    raise RuntimeError('callback failed')


def bad_init():
    raise OSError('no')


if __name__ == "__main__":
    ex = ThreadPoolExecutor(max_workers=1)
    gate = threading.Event()
    first = ex.submit(gated, gate, 'first')
    second = ex.submit(gated, gate, 'second')
    third = ex.submit(gated, gate, 'third')
    first.add_done_callback(record)
    second.add_done_callback(record)
    print('cancel second', second.cancel(), second.cancelled(), second.done())
    print('cancel again', second.cancel())
    print(repr(second).split(' ')[3])
    try:
        second.result()
    except CancelledError as e:
        print('CancelledError', repr(e))
    try:
        second.exception()
    except CancelledError:
        print('exception() CancelledError')
    print('log after cancel', log)
    gate.set()
    print(first.result(), third.result())
    print('cancel finished', first.cancel())
    print('log', log)
    # Already done: the callback runs at once, in the calling thread.
    third.add_done_callback(record)
    print('immediate', log[-1])
    third.add_done_callback(bad_callback)
    print('after bad callback')
    ex.shutdown()

    # shutdown(cancel_futures=True) cancels what has not started.
    ex = ThreadPoolExecutor(max_workers=1)
    gate = threading.Event()
    started = threading.Event()

    def running_task():
        started.set()
        gate.wait()
        return 'ran'

    running = ex.submit(running_task)
    queued = [ex.submit(gated, gate, i) for i in range(3)]
    started.wait()
    print('running', running.running(), 'queued running', queued[0].running())
    threading.Timer(0.05, gate.set).start()
    ex.shutdown(wait=True, cancel_futures=True)
    print(running.result(), [f.cancelled() for f in queued])
    try:
        ex.submit(gated, gate, 0)
    except RuntimeError as e:
        print('RuntimeError', e)
    ex.shutdown()
    print('second shutdown is fine')

    # shutdown(wait=False) returns at once; the work still completes.
    ex = ThreadPoolExecutor(max_workers=2)
    gate = threading.Event()
    fs = [ex.submit(gated, gate, i) for i in range(4)]
    ex.shutdown(wait=False)
    print('not waited', sum(f.done() for f in fs))
    gate.set()
    wait(fs)
    print('results', [f.result() for f in fs])

    # A failing initializer breaks the pool.
    ex = ThreadPoolExecutor(max_workers=1, initializer=bad_init)
    f = ex.submit(gated, gate, 1)
    try:
        f.result()
    except BrokenThreadPool as e:
        print('BrokenThreadPool', e)
    try:
        ex.submit(gated, gate, 2)
    except BrokenThreadPool as e:
        print('submit raised BrokenThreadPool')
    ex.shutdown()
