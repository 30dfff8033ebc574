# Ctrl-C in pure Python code: raised at the next eval-breaker check, while
# another thread competes for the GIL.
import threading

def spin():
    n = 0
    while True:
        n += 1

threading.Thread(target=spin, daemon=True).start()
n = 0
print("ready", flush=True)
while True:
    n += 1
