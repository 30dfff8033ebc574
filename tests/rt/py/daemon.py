# Daemon threads are stopped when the main thread ends; others are awaited.
import threading
import time

out = []


def forever():
    while True:
        time.sleep(0.001)


def spin_forever():
    n = 0
    while True:
        n += 1


def slow():
    time.sleep(0.2)
    print("non-daemon finished")


d = threading.Thread(target=forever, daemon=True)
d.start()
s = threading.Thread(target=spin_forever)
s.daemon = True
s.start()
n = threading.Thread(target=slow)
n.start()
print(d.daemon, s.daemon, n.daemon)
print("main done")
