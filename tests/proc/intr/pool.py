# Ctrl-C to the whole group in the middle of a Pool: nothing is left.
import multiprocessing as mp
import os
import time

started = mp.Queue()	# inherited by the workers (fork)

def slow(x):
    started.put(os.getpid())
    time.sleep(60)
    return x

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        r = pool.map_async(slow, range(4), chunksize=1)
        pids = sorted({started.get(), started.get()})
        print("workers", *pids)
        print("ready", flush=True)
        r.get()
