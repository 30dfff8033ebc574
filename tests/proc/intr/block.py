# The main thread blocked in argv[1] is interrupted by Ctrl-C.
import multiprocessing as mp
import queue
import sys
import threading

what = sys.argv[1]
stop = threading.Event()

def hold(lock):
    with lock:
        stop.wait()

def start(target, *args):
    t = threading.Thread(target=target, args=args, daemon=True)
    t.start()
    return t

try:
    if what == "join":
        t = start(stop.wait)
        print("ready", flush=True)
        t.join()
    elif what == "lock":
        l = threading.Lock()
        ok = threading.Event()
        start(lambda: (l.acquire(), ok.set(), stop.wait()))
        ok.wait()
        print("ready", flush=True)
        l.acquire()
    elif what == "rlock":
        l = threading.RLock()
        ok = threading.Event()
        start(lambda: (l.acquire(), ok.set(), stop.wait()))
        ok.wait()
        print("ready", flush=True)
        l.acquire(timeout=60)
    elif what == "queue":
        q = queue.Queue()
        print("ready", flush=True)
        q.get()
    elif what == "event":
        print("ready", flush=True)
        threading.Event().wait()
    elif what == "cond":
        c = threading.Condition()
        with c:
            print("ready", flush=True)
            c.wait()
    elif what == "barrier":
        print("ready", flush=True)
        threading.Barrier(2).wait()
    elif what == "mpjoin":
        p = mp.Process(target=stop.wait, daemon=True)
        p.start()
        print("ready", flush=True)
        p.join()
    elif what == "mpqueue":
        q = mp.Queue()
        print("ready", flush=True)
        q.get()
    elif what == "mplock":
        l = mp.Lock()
        l.acquire()
        print("ready", flush=True)
        l.acquire()
    elif what == "mpevent":
        print("ready", flush=True)
        mp.Event().wait()
    elif what == "mpcond":
        c = mp.Condition()
        with c:
            print("ready", flush=True)
            c.wait()
    elif what == "mpbarrier":
        print("ready", flush=True)
        mp.Barrier(2).wait()
    elif what == "pipe":
        a, b = mp.Pipe()
        print("ready", flush=True)
        a.recv()
except KeyboardInterrupt:
    print("interrupted in", what)
