# Ctrl-C caught by except: the program goes on and exits 0.
import time
try:
    print("ready", flush=True)
    time.sleep(60)
except KeyboardInterrupt:
    print("caught KeyboardInterrupt")
print("after")
