# Ctrl-C caught, then more Ctrl-C while a (non-daemon) child keeps the
# program from ending: the run still ends, and takes the child down.
import multiprocessing as mp
import time

def child():
    time.sleep(60)

if __name__ == "__main__":
    p = mp.Process(target=child)
    p.start()
    try:
        print("ready", flush=True)
        time.sleep(60)
    except KeyboardInterrupt:
        print("cleanup", flush=True)
    p.join()
