# Queue, JoinableQueue, SimpleQueue, Pipe, Value, Array, Lock, Event across
# processes: deterministic output, as CPython prints it.
import multiprocessing


def producer(q, n):
    for i in range(n):
        q.put((i, "item-%d" % i, {"sq": i * i}, [i, float(i)], None, True))
    q.put("STOP")


def consumer(jq, out):
    while True:
        x = jq.get()
        if x is None:
            jq.task_done()
            break
        out.put(x * 10)
        jq.task_done()


def echo(other, conn):
    other.close()
    while True:
        try:
            m = conn.recv()
        except EOFError:
            break
        conn.send(("echo", m))
    conn.close()


def counter(v, arr, n, lock):
    for _ in range(n):
        with lock:
            v.value += 1
    for i in range(len(arr)):
        with arr.get_lock():
            arr[i] = arr[i] + i


def waiter(ev, q):
    ev.wait()
    q.put("event seen")


if __name__ == "__main__":
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=producer, args=(q, 5))
    p.start()
    while True:
        item = q.get(timeout=30)
        if item == "STOP":
            break
        print(item)
    p.join()
    try:
        q.get(timeout=0.05)
    except Exception as err:
        print(type(err).__name__, "after timeout")
    bq = multiprocessing.Queue(maxsize=1)
    bq.put(1)
    try:
        bq.put(2, block=False)
    except Exception as err:
        print(type(err).__name__, bq.full(), bq.qsize())
    print(bq.get(), bq.empty() or True)

    jq = multiprocessing.JoinableQueue()
    out = multiprocessing.Queue()
    c = multiprocessing.Process(target=consumer, args=(jq, out))
    c.start()
    for i in range(4):
        jq.put(i)
    jq.put(None)
    jq.join()
    print(sorted(out.get(timeout=30) for _ in range(4)))
    c.join()

    sq = multiprocessing.SimpleQueue()
    sq.put({"a": [1, 2, (3, 4)], "b": {5, 6}})
    print(sq.get(), sq.empty())

    a, b = multiprocessing.Pipe()
    e = multiprocessing.Process(target=echo, args=(a, b))
    e.start()
    b.close()
    for m in [1, "two", [3.5], {"four": 4}, b"five", None]:
        a.send(m)
        print(a.recv())
    print(a.poll(0.05))
    a.close()
    e.join()
    print("echo exit", e.exitcode)

    r, w = multiprocessing.Pipe(duplex=False)
    w.send("one-way")
    print(r.recv(), r.poll())
    w.close()
    try:
        r.recv()
    except EOFError:
        print("EOFError")
    try:
        r.send(1)
    except OSError as err:
        print("OSError", err)

    v = multiprocessing.Value("i", 0)
    arr = multiprocessing.Array("i", [10, 20, 30])
    d = multiprocessing.Value("d", 1.5)
    lock = multiprocessing.Lock()
    ps = [multiprocessing.Process(target=counter, args=(v, arr, 1000, lock))
          for _ in range(2)]
    for x in ps:
        x.start()
    for x in ps:
        x.join()
    print(v.value, arr[:], len(arr), d.value)

    ev = multiprocessing.Event()
    eq = multiprocessing.Queue()
    w2 = multiprocessing.Process(target=waiter, args=(ev, eq))
    w2.start()
    print(ev.is_set())
    ev.set()
    print(eq.get(timeout=30))
    w2.join()
    rl = multiprocessing.RLock()
    with rl:
        with rl:
            print("rlock nested")
    s = multiprocessing.BoundedSemaphore(1)
    s.acquire()
    s.release()
    try:
        s.release()
    except ValueError as err:
        print("ValueError", err)
    print("Done!")
