# Instance attributes shared by threads: objects replaced while others
# read them, and the first attributes of fresh instances set at once.
import threading

N = 5000
start = threading.Barrier(4)


class Node:
    pass


class Val:
    def __init__(self, v):
        self.v = v


shared = Node()
shared.cur = Val(0)
fresh = [Node() for _ in range(N)]
bad = []


def setter(k):
    start.wait()
    for i in range(N):
        shared.cur = Val(i)
        setattr(fresh[i], "a%d" % k, k)


def getter(k):
    start.wait()
    for i in range(N):
        if shared.cur.v < 0:
            bad.append(i)
        setattr(fresh[i], "a%d" % k, k)


ts = [threading.Thread(target=setter, args=(0,)),
      threading.Thread(target=setter, args=(1,)),
      threading.Thread(target=getter, args=(2,)),
      threading.Thread(target=getter, args=(3,))]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("bad:", bad)
print(all(sorted(vars(o)) == ["a0", "a1", "a2", "a3"] for o in fresh))
print(shared.cur.v == N - 1)


# Globals rebound by threads while others read them.
G = Val(0)


def rebind():
    global G
    start.wait()
    for i in range(N):
        G = Val(i)


def readg():
    start.wait()
    s = 0
    for i in range(N):
        s += G.v >= 0
    if s != N:
        bad.append(s)


ts = [threading.Thread(target=rebind), threading.Thread(target=rebind),
      threading.Thread(target=readg), threading.Thread(target=readg)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("bad:", bad)


# A closure variable rebound by threads.
def make():
    cell = Val(0)

    def put(i):
        nonlocal cell
        cell = Val(i)

    def get():
        return cell.v
    return put, get


put, get = make()


def closure_work(k):
    start.wait()
    for i in range(N):
        if k % 2:
            put(i)
        elif get() < 0:
            bad.append(i)


ts = [threading.Thread(target=closure_work, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("bad:", bad)
