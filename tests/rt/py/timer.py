# threading.Timer: runs once after the interval, or never when cancelled.
import threading

fired = []
t = threading.Timer(0.01, fired.append, args=("first",))
t.start()
t.join()
print(fired)

c = threading.Timer(10, fired.append, args=("never",))
c.start()
c.cancel()
c.join()
print(fired, c.is_alive())
