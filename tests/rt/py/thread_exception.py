# An uncaught exception in a thread: CPython's report on stderr, the
# program goes on.
import threading


def fails(x):
    return 1 / x


t = threading.Thread(target=fails, args=(0,))
t.start()
t.join()
print("after", t.is_alive())
