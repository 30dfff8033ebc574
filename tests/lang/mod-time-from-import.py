from time import sleep, monotonic
import time as t
start = monotonic()
sleep(0)
sleep(0.001)
print(monotonic() >= start, t.monotonic() >= start)
print(sleep(0) is None)
try:
    sleep(-1)
except ValueError as e:
    print("ValueError", e)
