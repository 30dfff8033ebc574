# Waits on multiprocessing's Barrier and Condition show in the recording:
# the first of the two parties to reach the barrier waits on it, and the
# parent waits on the condition until the child (which needs its lock)
# notifies.
import multiprocessing as mp

def worker(b, c):
    b.wait()
    with c:
        c.notify()

if __name__ == "__main__":
    b = mp.Barrier(2)
    c = mp.Condition()
    with c:
        p = mp.Process(target=worker, args=(b, c))
        p.start()
        b.wait()
        print("notified", c.wait(30))
    p.join()
