# The end of the program waits for the work still queued in executors that
# were never shut down (CPython joins their workers at exit).
import threading
import multiprocessing
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

start = threading.Event()
pstart = multiprocessing.Event()


def chained(prev, i):
    if prev is None:
        start.wait()
    else:
        prev.result()
    print('thread task', i, flush=True)
    return i


def ptask(i):
    pstart.wait()
    print('process task', i, flush=True)
    return i


if __name__ == "__main__":
    tex = ThreadPoolExecutor(max_workers=2)
    prev = None
    for i in range(4):
        prev = tex.submit(chained, prev, i)
    pex = ProcessPoolExecutor(max_workers=1)
    for i in range(3):
        pex.submit(ptask, i)
    print('main done', flush=True)
    start.set()
    prev.result()
    pstart.set()
