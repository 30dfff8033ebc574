# Manager: a real server process; dict, list, Value, Queue, Lock proxies
# shared by several processes.
import multiprocessing


def work(d, l, v, q, lock, n):
    d[n] = n * n
    l.append(n)
    for _ in range(100):
        with lock:
            v.value = v.value + 1
    q.put(("done", n))


if __name__ == "__main__":
    with multiprocessing.Manager() as m:
        d = m.dict()
        l = m.list([0])
        v = m.Value("i", 0)
        q = m.Queue()
        lock = m.Lock()
        ps = [multiprocessing.Process(target=work, args=(d, l, v, q, lock, i))
              for i in range(1, 4)]
        for p in ps:
            p.start()
        print(sorted(q.get(timeout=30) for _ in ps))
        for p in ps:
            p.join()
        print(sorted(d.items()), len(d), 2 in d, d.get(9, "none"))
        print(sorted(l), len(l))
        print(v.value)
        try:
            d["missing"]
        except KeyError as e:
            print("KeyError", e)
        try:
            q.get(timeout=0.05)
        except Exception as e:
            print(type(e).__name__)
        l.sort()
        print(l[0], l[-1], l.pop(), l.count(1), l.index(2))
        d.update({"a": 1})
        print(d.pop("a"), d.setdefault("b", [1, 2]), sorted(d.keys(), key=str))
    print("Done!")
