# Ctrl-C to the whole foreground group: each fork()ed child gets its own
# KeyboardInterrupt and prints its traceback; the parent too.
import multiprocessing as mp
import time

def child(ready):
    ready.set()
    time.sleep(60)

if __name__ == "__main__":
    ready = mp.Event()
    p = mp.Process(target=child, args=(ready,))
    p.start()
    ready.wait()
    print("ready", flush=True)
    p.join()
    # The child may end before this process's own SIGINT arrives: the
    # interrupt then lands here rather than in join().
    time.sleep(60)
