# Dict and set keys whose __hash__ collide and whose __eq__ is Python code
# (the lookup drops the container's lock around it and restarts if the
# container changed), used by 4 threads at once; and an __eq__ that
# mutates the dict it is being compared in.
import threading

N = 300
start = threading.Barrier(4)


class K:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v % 7

    def __eq__(self, other):
        return isinstance(other, K) and self.v == other.v


d = {}
s = set()


def work(k):
    start.wait()
    for i in range(N):
        key = K(k * N + i)
        d[key] = i
        s.add(key)
        if d.get(K(k * N + i)) != i or K(k * N + i) not in s:
            bad.append((k, i))


bad = []
ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("bad:", bad)
print(len(d) == 4 * N, len(s) == 4 * N)
print(all(d[K(v)] == v % N for v in range(4 * N)))


class Evil:
    def __init__(self, v, target):
        self.v = v
        self.target = target

    def __hash__(self):
        return 1

    def __eq__(self, other):
        self.target.pop(0, None)
        self.target.clear() if self.v % 5 == 0 else None
        return self is other


shared = {}


def evil(k):
    start.wait()
    for i in range(N):
        e = Evil(i, shared)
        shared[e] = i
        shared[0] = 0
        shared.get(Evil(i + 1, shared))


ts = [threading.Thread(target=evil, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("survived")
