# queue: Queue, LifoQueue, PriorityQueue, SimpleQueue, Empty, Full, join.
import queue
import threading

for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    q = cls()
    for x in (5, 1, 4, 2, 3):
        q.put(x)
    print(cls.__name__, q.qsize(), [q.get() for _ in range(5)], q.empty())

pq = queue.PriorityQueue()
for item in [(2, "b"), (1, "a"), (3, "c")]:
    pq.put(item)
print([pq.get() for _ in range(3)])

q = queue.Queue(maxsize=2)
q.put(1)
q.put_nowait(2)
print(q.full(), q.qsize())
try:
    q.put(3, timeout=0.01)
except queue.Full:
    print("Full")
try:
    q.put(3, block=False)
except queue.Full:
    print("Full again")
print(q.get(), q.get_nowait())
try:
    q.get_nowait()
except queue.Empty:
    print("Empty")
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty again")

q = queue.Queue()
total = []


def worker():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        total.append(item * item)
        q.task_done()


threads = [threading.Thread(target=worker) for _ in range(3)]
for t in threads:
    t.start()
for i in range(20):
    q.put(i)
q.join()
print(sum(total), len(total))
for _ in threads:
    q.put(None)
for t in threads:
    t.join()
try:
    q.task_done()
except ValueError as exc:
    print("ValueError:", exc)

sq = queue.SimpleQueue()
sq.put("x")
sq.put("y")
print(sq.qsize(), sq.get(), sq.get(), sq.empty())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("Empty simple")

# A bounded queue between a producer and a slower consumer.
bq = queue.Queue(maxsize=1)
got = []


def consume():
    for _ in range(10):
        got.append(bq.get())


c = threading.Thread(target=consume)
c.start()
for i in range(10):
    bq.put(i)
c.join()
print(got)
