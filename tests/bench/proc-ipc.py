# tests/bench/proc-ipc.py — CPython's figures for bench-proc: two CPU-bound
# jobs in 2 processes vs one after the other, and Queue / Pipe round trips
# and throughput for small messages, with the fork start method.
# Prints NAME VALUE lines (bench-proc reads them).
import multiprocessing as mp
import sys
import time

N_RT = 2000
N_TP = 20000


def burn(n):
    x = 0
    for i in range(n):
        x = (x * 31 + i) % 1000003
    return x


def echo_queue(qin, qout):
    while True:
        m = qin.get()
        if m is None:
            break
        qout.put(m)


def drain_queue(q, n, done):
    for _ in range(n):
        q.get()
    done.put(1)


def echo_pipe(c):
    while True:
        m = c.recv()
        if m is None:
            break
        c.send(m)


def drain_pipe(c, n):
    for _ in range(n):
        c.recv()
    c.send(1)


def main():
    ctx = mp.get_context("fork")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000000
    seq = par = 1e9
    for _ in range(3):
        t0 = time.perf_counter()
        burn(n)
        burn(n)
        seq = min(seq, time.perf_counter() - t0)
        t0 = time.perf_counter()
        ps = [ctx.Process(target=burn, args=(n,)) for _ in range(2)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        par = min(par, time.perf_counter() - t0)
    print("cpu_ratio", par / seq)

    qin, qout = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=echo_queue, args=(qin, qout))
    p.start()
    qin.put(0)
    qout.get()
    t0 = time.perf_counter()
    for i in range(N_RT):
        qin.put(i)
        qout.get()
    print("queue_rt_us", (time.perf_counter() - t0) / N_RT * 1e6)
    qin.put(None)
    p.join()

    q, done = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=drain_queue, args=(q, N_TP, done))
    p.start()
    t0 = time.perf_counter()
    for i in range(N_TP):
        q.put(i)
    done.get()
    print("queue_msgs_s", N_TP / (time.perf_counter() - t0))
    p.join()

    a, b = ctx.Pipe()
    p = ctx.Process(target=echo_pipe, args=(b,))
    p.start()
    a.send(0)
    a.recv()
    t0 = time.perf_counter()
    for i in range(N_RT):
        a.send(i)
        a.recv()
    print("pipe_rt_us", (time.perf_counter() - t0) / N_RT * 1e6)
    a.send(None)
    p.join()

    a, b = ctx.Pipe()
    p = ctx.Process(target=drain_pipe, args=(b, N_TP))
    p.start()
    t0 = time.perf_counter()
    for i in range(N_TP):
        a.send(i)
    a.recv()
    print("pipe_msgs_s", N_TP / (time.perf_counter() - t0))
    p.join()


if __name__ == "__main__":
    main()
