# One generator advanced by 2 threads at once: every value comes out
# exactly once, and a collision raises "generator already executing".
import threading

N = 20000


def gen():
    for i in range(N):
        yield i


g = gen()
got = [[], []]
other = []
start = threading.Barrier(2)


def work(k):
    start.wait()
    while True:
        try:
            got[k].append(next(g))
        except StopIteration:
            break
        except ValueError as e:
            if str(e) != "generator already executing":
                other.append(str(e))


ts = [threading.Thread(target=work, args=(k,)) for k in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(got[0] + got[1]) == list(range(N)), other)
