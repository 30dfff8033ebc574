# Ctrl-C during time.sleep: KeyboardInterrupt, traceback, killed by SIGINT.
import time
print("ready", flush=True)
time.sleep(60)
print("not reached")
