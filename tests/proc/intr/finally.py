# Ctrl-C runs finally blocks on its way out.
import time
def f():
    try:
        print("ready", flush=True)
        while True:
            time.sleep(0.5)
    finally:
        print("finally ran", flush=True)
f()
