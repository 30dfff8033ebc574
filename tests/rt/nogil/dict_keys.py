# 4 threads setting distinct keys of one dict: every key is present, and
# setdefault/pop are atomic (each key popped by exactly one thread).
import threading

N = 10000
d = {}
start = threading.Barrier(4)


def work(k):
    start.wait()
    for i in range(N):
        d["k%d_%d" % (k, i)] = i
        d[(k, i)] = k


ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(d) == 8 * N)
print(all(d["k%d_%d" % (k, i)] == i and d[(k, i)] == k
          for k in range(4) for i in range(N)))

claims = {}
got = [0, 0, 0, 0]


def claim(k):
    start.wait()
    for i in range(N):
        if claims.setdefault(i, k) == k:
            got[k] += 1


ts = [threading.Thread(target=claim, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sum(got) == N, len(claims) == N)

popped = [0, 0, 0, 0]


def popper(k):
    start.wait()
    for i in range(N):
        if claims.pop(i, None) is not None:
            popped[k] += 1


ts = [threading.Thread(target=popper, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sum(popped) == N, len(claims) == 0)
