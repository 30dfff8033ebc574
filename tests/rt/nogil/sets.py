# One set shared by 4 threads: adds are never lost, discards and
# iteration never crash.
import threading

N = 2000
s = set()
start = threading.Barrier(4)


def adder(k):
    start.wait()
    for i in range(N):
        s.add(k * N + i)
        s.add("x%d" % (i % 100))


ts = [threading.Thread(target=adder, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(s) == 4 * N + 100)

errors = []


def churn(k):
    start.wait()
    n = 0
    for i in range(N // 2):
        if k < 2:
            s.discard(k * N + i)
            s.add(("t", k, i))
            if i % 500 == 0:
                s.update({-1, -2})
                s.discard(-1)
        else:
            try:
                for x in s:
                    n += 1
                    if n % 1000 == 0:
                        break
            except RuntimeError as e:
                if "changed size during iteration" not in str(e):
                    errors.append(e)
            n += (k * N + i) in s
            if i % 250 == 0:
                n += len(s.copy())
                u = s | {1, 2}
                n += len(u)


ts = [threading.Thread(target=churn, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("errors:", errors)
print(all((k * N + i) not in s for k in range(2) for i in range(N // 2)))
print(all(("t", k, i) in s for k in range(2) for i in range(N // 2)))
popped = []


def popper():
    start.wait()
    mine = 0
    while True:
        try:
            s.pop()
            mine += 1
        except KeyError:
            break
    popped.append(mine)


n0 = len(s)
ts = [threading.Thread(target=popper) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sum(popped) == n0, len(s))
