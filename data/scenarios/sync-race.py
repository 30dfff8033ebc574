# title: A race on counter += 1, fixed by a Lock
# topic: Synchronization
# speed: 0.01
# switch-interval: 0.5
# description: Four threads each add 1 to a shared counter 100000 times, so it
#   should end at 400000. "counter = counter + 1" is three steps: read, add,
#   write. If a thread loses the GIL between its read and its write, another
#   thread's updates are overwritten: a lost update.
#
#   The first round puts a function call between the read and the write, where
#   the interpreter may switch threads, and usually loses many updates (the
#   scenario runs with a 0.5 ms switch interval so that a short run switches
#   often; at the default 5 ms it needs a longer run to lose as many). The
#   second round does the same inside "with lock:": a thread that wants the
#   lock while another holds it is Blocked/Waiting (reason lock), and the total
#   is always right. Watch the lanes for the lock contention in round two.
import threading

N = 100000
THREADS = 4


class Counter:
    def __init__(self):
        self.value = 0


def pause():
    pass


def unsafe(c):
    for i in range(N):
        v = c.value
        pause()
        c.value = v + 1


def safe(c, lock):
    for i in range(N):
        with lock:
            v = c.value
            pause()
            c.value = v + 1


def run(target, args):
    threads = [threading.Thread(target=target, args=args) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    c = Counter()
    run(unsafe, (c,))
    print("without a lock: {} of {} ({} lost)".format(
        c.value, N * THREADS, N * THREADS - c.value))

    c = Counter()
    run(safe, (c, threading.Lock()))
    print("with a lock:    {} of {} ({} lost)".format(
        c.value, N * THREADS, N * THREADS - c.value))
