# Used by pool-cleanup.sh: a Pool run that never ends on its own.
import multiprocessing
import os
import time


def forever(x):
    print("worker", os.getpid(), flush=True)
    time.sleep(1000)


if __name__ == "__main__":
    pool = multiprocessing.Pool(3)
    r = pool.map_async(forever, range(3), chunksize=1)
    print("root", os.getpid(), flush=True)
    r.wait()
