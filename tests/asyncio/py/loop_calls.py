# Futures and the loop's callbacks: call_soon order, call_later/call_at,
# loop.time, Handle.cancel, run_in_executor and to_thread on real threads.
import asyncio
import threading
import time


def blocking(x):
    time.sleep(0.02)
    return x * 2, threading.current_thread() is not threading.main_thread()


def blocking_fail():
    raise ZeroDivisionError("in thread")


async def main():
    loop = asyncio.get_running_loop()
    log = []
    loop.call_soon(log.append, "soon 1")
    loop.call_soon(log.append, "soon 2")
    h = loop.call_soon(log.append, "cancelled")
    h.cancel()
    # One base time: timers registered apart could race under load.
    base = loop.time()
    loop.call_at(base + 0.02, log.append, "at 0.02")
    loop.call_at(base + 0.01, log.append, "at 0.01")
    loop.call_at(base + 0.015, log.append, "at 0.015")
    loop.call_later(0.001, log.append, "later")
    print(h.cancelled(), type(loop.time()).__name__)
    await asyncio.sleep(0.05)
    print(log[:2], sorted(log[2:]), [x for x in log if x.startswith("at")])

    fut = loop.create_future()
    print(fut.done())
    loop.call_later(0.01, fut.set_result, "future value")
    print(await fut, fut.done(), fut.result())
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError:
        print("InvalidStateError")
    f2 = loop.create_future()
    try:
        f2.result()
    except asyncio.InvalidStateError as e:
        print(e)
    f2.set_exception(OSError("broken"))
    try:
        await f2
    except OSError as e:
        print("future raised", e)
    f3 = loop.create_future()
    got = []
    f3.add_done_callback(lambda f: got.append(f.result()))
    f3.set_result(7)
    await asyncio.sleep(0)
    print(got)

    print(await loop.run_in_executor(None, blocking, 21))
    r = await asyncio.gather(asyncio.to_thread(blocking, 1),
                             asyncio.to_thread(blocking, 2))
    print(r)
    try:
        await asyncio.to_thread(blocking_fail)
    except ZeroDivisionError as e:
        print("thread raised", e)

    def from_thread():
        loop.call_soon_threadsafe(log.append, "threadsafe")

    th = threading.Thread(target=from_thread)
    th.start()
    th.join()
    await asyncio.sleep(0.01)
    print(log[-1])


asyncio.run(main())
