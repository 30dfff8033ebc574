# 4 threads x N list.append on one list: no append is lost.
import threading

N = 20000
lst = []
start = threading.Barrier(4)


def work(k):
    start.wait()
    for i in range(N):
        lst.append(k * N + i)


ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(lst) == 4 * N, len(lst))
print(sorted(lst) == list(range(4 * N)))
# pop from 4 threads: every item comes out exactly once.
out = []
start2 = threading.Barrier(4)


def drain():
    start2.wait()
    mine = []
    while True:
        try:
            mine.append(lst.pop())
        except IndexError:
            break
    out.append(mine)


ts = [threading.Thread(target=drain) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
allv = []
for m in out:
    allv.extend(m)
print(sorted(allv) == list(range(4 * N)), len(lst))
