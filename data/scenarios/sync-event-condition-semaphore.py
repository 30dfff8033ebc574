# title: Event, Condition and Semaphore
# topic: Synchronization
# speed: 0.01
# description: Three primitives, one after the other.
#
#   Event: three runners wait at the start line (Blocked/Waiting, reason event)
#   until MainThread calls go.set(); then all three become Runnable at once.
#
#   Semaphore(2): four threads want a resource with two slots. Two get in; the
#   other two wait on the semaphore until a slot is released.
#
#   Condition: a consumer waits on a condition until a list is non-empty; the
#   producer appends under the same lock and calls notify(). wait() releases
#   the lock while waiting and takes it back before returning.
import threading
import time

go = threading.Event()
slots = threading.Semaphore(2)
cond = threading.Condition()
items = []


def runner(name):
    go.wait()
    print("{} runs".format(name))


def user(name):
    with slots:
        print("{} uses a slot".format(name))
        time.sleep(0.05)


def consumer():
    with cond:
        while not items:
            cond.wait()
        print("consumer got {}".format(items.pop()))


def start_all(threads):
    for t in threads:
        t.start()


def join_all(threads):
    for t in threads:
        t.join()


if __name__ == "__main__":
    runners = [threading.Thread(target=runner, args=("runner-" + str(i),))
               for i in range(3)]
    start_all(runners)
    time.sleep(0.1)
    print("ready, set, go!")
    go.set()
    join_all(runners)

    users = [threading.Thread(target=user, args=("user-" + str(i),))
             for i in range(4)]
    start_all(users)
    join_all(users)

    c = threading.Thread(target=consumer, name="consumer")
    c.start()
    time.sleep(0.05)
    with cond:
        items.append("a parcel")
        cond.notify()
    c.join()
    print("done")
