# title: Daemon threads
# topic: Threads and states
# speed: 0.02
# description: A daemon thread runs in the background and is killed when the
#   main program exits; a normal thread keeps the program alive until it ends.
#
#   The heartbeat thread is a daemon: it prints every 0.1 s in an endless
#   loop. The worker is a normal thread that finishes after 0.35 s. MainThread
#   joins only the worker; when MainThread ends, the interpreter does not wait
#   for the daemon, which disappears mid-sleep (Timed Waiting straight to
#   Terminated). Never give a daemon thread work that must complete, such as
#   writing a file.
import threading
import time


def heartbeat():
    n = 0
    while True:
        n += 1
        print("heartbeat {}".format(n))
        time.sleep(0.1)


def worker():
    time.sleep(0.35)
    print("worker: finished")


if __name__ == "__main__":
    beat = threading.Thread(target=heartbeat, name="heartbeat", daemon=True)
    work = threading.Thread(target=worker, name="worker")
    beat.start()
    work.start()
    work.join()
    print("main: exiting while the daemon is alive ({}); it dies with us".format(
        beat.is_alive()))
