# Process lifecycle and exit codes, as CPython's multiprocessing reports them.
import multiprocessing
import os
import sys
import time


def worker(n, tag="w"):
    me = multiprocessing.current_process()
    parent = multiprocessing.parent_process()
    print("worker", n, tag, me.name, parent.name, parent.pid == PARENT, flush=True)


def exit_with(code):
    sys.exit(code)


def fail():
    raise ValueError("boom")


def sleeper():
    time.sleep(30)


class Squarer(multiprocessing.Process):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def run(self):
        print("square", self.n * self.n, flush=True)


if __name__ == "__main__":
    PARENT = os.getpid()
    print(multiprocessing.current_process().name)
    print(multiprocessing.parent_process())
    p = multiprocessing.Process(target=worker, args=(1,), kwargs={"tag": "kw"})
    print(p.name.startswith("Process-"), p.pid, p.exitcode, p.is_alive(), p.daemon)
    p.start()
    p.join()
    print("exitcode", p.exitcode, p.is_alive())
    for code in (0, 3, None):
        q = multiprocessing.Process(target=exit_with, args=(code,))
        q.start()
        q.join()
        print("sys.exit", code, "->", q.exitcode)
    q = multiprocessing.Process(target=fail)
    q.start()
    q.join()
    print("exception ->", q.exitcode)
    q = multiprocessing.Process(target=sleeper, name="sleepy", daemon=True)
    q.start()
    print(q.name, q.daemon, q.is_alive())
    q.join(0.05)
    print("after timeout", q.exitcode, q.is_alive())
    print(len(multiprocessing.active_children()))
    q.terminate()
    q.join()
    print("terminate ->", q.exitcode)
    q = multiprocessing.Process(target=sleeper)
    q.start()
    q.kill()
    q.join()
    print("kill ->", q.exitcode)
    q.close()
    s = Squarer(7)
    s.start()
    s.join()
    print("subclass ->", s.exitcode)
    try:
        s.start()
    except AssertionError as e:
        print("AssertionError", e)
    print(multiprocessing.cpu_count() >= 1, len(multiprocessing.active_children()))
    print("Done!")
