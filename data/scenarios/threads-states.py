# title: The five states: sleep, lock, join
# topic: Threads and states
# speed: 0.02
# description: One program that visits every state of the notes. A thread is
#   New before start(), Runnable (running while it holds the GIL, ready while
#   it waits for it) once started, Timed Waiting in time.sleep(), Blocked/
#   Waiting while another thread holds the lock it wants, and Terminated when
#   its function returns.
#
#   The sleeper sleeps 0.3 s (Timed Waiting). The waiter asks for a lock that
#   MainThread holds for 0.2 s (Blocked/Waiting, reason lock). MainThread then
#   joins both (Blocked/Waiting, reason join). Press Enter on a lane to see how
#   long each thread spent in each state.
import threading
import time

lock = threading.Lock()


def sleeper():
    print("sleeper: going to sleep")
    time.sleep(0.3)
    print("sleeper: awake")


def waiter():
    print("waiter: asking for the lock")
    with lock:
        print("waiter: got the lock")


if __name__ == "__main__":
    a = threading.Thread(target=sleeper, name="sleeper")
    b = threading.Thread(target=waiter, name="waiter")
    print("both threads are New; is_alive() = {}".format(a.is_alive()))

    lock.acquire()
    a.start()
    b.start()
    time.sleep(0.2)
    print("main: releasing the lock")
    lock.release()

    a.join()
    b.join()
    print("both threads are Terminated; is_alive() = {}".format(a.is_alive()))
