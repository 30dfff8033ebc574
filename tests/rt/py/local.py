import threading

data = threading.local()
data.x = 'main'
results = []
lock = threading.Lock()

def worker(n):
    try:
        data.x
    except AttributeError as e:
        with lock:
            results.append(('missing', n, str(e)))
    data.x = n
    data.y = n * 2
    with lock:
        results.append((n, data.x, data.y, sorted(data.__dict__.items())))

ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
for r in sorted(results, key=str):
    print(r)
print(data.x, hasattr(data, 'y'), data.__dict__)

class MyLocal(threading.local):
    def __init__(self, color):
        self.color = color
        self.inits = getattr(self, 'inits', 0) + 1
    def describe(self):
        return f"{self.color} {self.inits}"

ml = MyLocal('red')
ml.color = 'blue'
out = []
def w2():
    out.append(ml.describe())
    ml.color = 'green'
    out.append(ml.describe())
t = threading.Thread(target=w2); t.start(); t.join()
print(out, ml.describe())
try:
    threading.local(1)
except TypeError as e:
    print('TypeError', e)
class Plain(threading.local):
    pass
try:
    Plain(5)
except TypeError as e:
    print('TypeError', e)
del data.x
print(hasattr(data, 'x'))
try:
    del data.x
except AttributeError as e:
    print('AttributeError', e)
print(isinstance(ml, threading.local), type(data).__name__)

# A thread's values die with it: later threads start empty.
seen = []
def fresh(i):
    seen.append(hasattr(data, 'x'))
    data.x = i
for i in range(20):
    t = threading.Thread(target=fresh, args=(i,))
    t.start()
    t.join()
print(seen.count(False), seen.count(True))

# Per-thread counters with no lock: each thread sees only its own.
tl = threading.local()
totals = []
def count(n):
    tl.n = 0
    for _ in range(n):
        tl.n += 1
    totals.append(tl.n)
ts = [threading.Thread(target=count, args=(1000 * (i + 1),)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(totals))
