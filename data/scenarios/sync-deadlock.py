# title: A deadlock
# topic: Synchronization
# speed: 0.01
# description: Two threads each need two locks, but take them in opposite
#   orders: the first takes A then B, the second takes B then A. Each gets its
#   first lock, then waits forever for the lock the other one holds. Both are
#   Blocked/Waiting and neither can ever continue: a deadlock, a cycle of
#   threads waiting on each other.
#
#   The threads are daemons, so after MainThread has waited half a second and
#   seen that neither finished, the program can still exit. The cure is to
#   make every thread take locks in the same order.
import threading
import time

a = threading.Lock()
b = threading.Lock()


def first():
    with a:
        time.sleep(0.05)
        with b:
            print("first: got both locks")


def second():
    with b:
        time.sleep(0.05)
        with a:
            print("second: got both locks")


if __name__ == "__main__":
    t1 = threading.Thread(target=first, name="first", daemon=True)
    t2 = threading.Thread(target=second, name="second", daemon=True)
    t1.start()
    t2.start()
    t1.join(0.5)
    t2.join(0.5)
    if t1.is_alive() and t2.is_alive():
        print("deadlock: first holds A and waits for B, second holds B and waits for A")
