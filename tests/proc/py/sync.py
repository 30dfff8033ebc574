import multiprocessing as mp
import threading
import time

def waiter(cond, state, i):
    with cond:
        cond.wait_for(lambda: state.value >= i)
        state.value += 10

def bwait(b, out, i):
    try:
        r = b.wait()
        out.put(("passed", r >= 0))
    except threading.BrokenBarrierError:
        out.put(("broken", i))

def notifier(c):
    with c:
        c.notify()

def act():
    print("action ran", flush=True)

if __name__ == "__main__":
    l = mp.Lock()
    print(l.acquire(), l.acquire(False), l.acquire(True, 0.01))
    l.release()
    try:
        l.release()
    except ValueError as e:
        print("ValueError:", e)
    with l:
        print("with lock")
    r = mp.RLock()
    print(r.acquire(), r.acquire())
    r.release(); r.release()
    try:
        r.release()
    except AssertionError as e:
        print("AssertionError:", e)
    s = mp.Semaphore(2)
    print(s.get_value(), s.acquire(), s.get_value(), s.acquire(timeout=0.01) , s.acquire(timeout=0.01))
    s.release(); s.release()
    print(s.get_value())
    bs = mp.BoundedSemaphore(1)
    bs.acquire(); bs.release()
    try:
        bs.release()
    except ValueError as e:
        print("ValueError:", e)
    e = mp.Event()
    print(e.is_set(), e.wait(0.01))
    e.set(); print(e.is_set(), e.wait())
    e.clear(); print(e.is_set())
    c = mp.Condition()
    try:
        c.wait()
    except AssertionError as ex:
        print("AssertionError:", ex)
    try:
        c.notify()
    except AssertionError as ex:
        print("AssertionError:", ex)
    with c:
        print(c.wait(0.01), c.wait_for(lambda: False, 0.01), c.wait_for(lambda: 5))
    state = mp.Value('i', 0)
    ps = [mp.Process(target=waiter, args=(c, state, i)) for i in range(3)]
    for p in ps:
        p.start()
    for i in range(3):
        with c:
            state.value += 1
            c.notify_all()
    for p in ps:
        p.join()
    print("state", state.value, [p.exitcode for p in ps])
    c2 = mp.Condition(mp.Lock())
    with c2:
        c2.notify(2)
        c2.notify_all()
    print("notify with no waiters ok")
    b = mp.Barrier(3, action=act, timeout=10)
    print(b.parties, b.n_waiting, b.broken)
    q = mp.Queue()
    ps = [mp.Process(target=bwait, args=(b, q, i)) for i in range(2)]
    for p in ps:
        p.start()
    r0 = b.wait()
    for p in ps:
        p.join()
    print(sorted([q.get(), q.get()]), r0 in (0, 1, 2))
    b2 = mp.Barrier(2, timeout=0.05)
    try:
        b2.wait()
    except threading.BrokenBarrierError:
        print("BrokenBarrierError", b2.broken)
    b2.reset()
    print("reset", b2.broken)
    b2.abort()
    try:
        b2.wait()
    except threading.BrokenBarrierError:
        print("broken after abort")
    def bad():
        raise ValueError("action failed")
    b3 = mp.Barrier(1, action=bad)
    try:
        b3.wait()
    except ValueError as ex:
        print("ValueError:", ex, b3.broken)
    try:
        b3.wait()
    except threading.BrokenBarrierError:
        print("then BrokenBarrierError")
    # The wait drops the GIL: the thread can run, take the lock, notify.
    c3 = mp.Condition()
    with c3:
        t = threading.Thread(target=notifier, args=(c3,))
        t.start()
        print("notified by a thread:", c3.wait(30))
    t.join()
    print("done")
