# threading.Thread and the module functions, deterministic parts only.
import threading


def work(a, b, c=0, results=None):
    me = threading.current_thread()
    results.append((me.name, a + b + c, me is not threading.main_thread()))


class Worker(threading.Thread):
    def __init__(self, n, out):
        super().__init__()
        self.n = n
        self.out = out

    def run(self):
        self.out.append(self.n * 2)


results = []
t = threading.Thread(target=work, args=(1, 2), kwargs={"c": 3, "results": results})
print(t.name)
print(t.ident, t.native_id, t.is_alive(), t.daemon)
t.start()
t.join()
print(results)
print(t.is_alive(), type(t.ident).__name__, type(t.native_id).__name__)
print(t.ident != threading.get_ident())

u = threading.Thread(target=work, name="custom", args=(5, 5), kwargs={"results": results})
u.daemon = True
print(u.name, u.daemon)
u.start()
u.join(5)
print(results[-1])

out = []
w = Worker(21, out)
print(w.name.startswith("Thread-"), w.name == "Thread-3")
w.start()
w.join()
print(out)

def named():
    pass

v = threading.Thread(target=named)
print(v.name)
v.start()
v.join()

print(threading.current_thread().name, threading.main_thread().name)
print(threading.current_thread() is threading.main_thread())
print(threading.active_count(), [x.name for x in threading.enumerate()])

e = threading.Event()
hold = threading.Thread(target=e.wait, name="holder")
hold.start()
print(threading.active_count(), sorted(x.name for x in threading.enumerate()))
hold.join(0.01)
print(hold.is_alive())
e.set()
hold.join()
print(hold.is_alive(), threading.active_count())

try:
    hold.start()
except RuntimeError as exc:
    print("RuntimeError:", exc)
try:
    threading.Thread(target=named).join()
except RuntimeError as exc:
    print("RuntimeError:", exc)
try:
    threading.current_thread().join()
except RuntimeError as exc:
    print("RuntimeError:", exc)
