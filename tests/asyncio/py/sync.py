# Lock, Event, Semaphore, BoundedSemaphore, Condition.
import asyncio


async def main():
    lock = asyncio.Lock()
    log = []

    async def crit(name):
        async with lock:
            log.append(name + " in")
            await asyncio.sleep(0.005)
            log.append(name + " out")

    await asyncio.gather(crit("a"), crit("b"), crit("c"))
    print(log)
    print(lock.locked())
    await lock.acquire()
    print(lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print(e)

    ev = asyncio.Event()
    seen = []

    async def waiter(i):
        await ev.wait()
        seen.append(i)

    ws = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0.01)
    print(ev.is_set(), seen)
    ev.set()
    await asyncio.gather(*ws)
    print(ev.is_set(), seen)
    ev.clear()
    print(ev.is_set(), await asyncio.wait_for(asyncio.shield(asyncio.sleep(0, "x")), 1))

    sem = asyncio.Semaphore(2)
    active = [0]
    peak = [0]

    async def limited(i):
        async with sem:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            await asyncio.sleep(0.005)
            active[0] -= 1
        return i

    print(await asyncio.gather(*[limited(i) for i in range(6)]), peak[0])
    print(sem.locked())
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print(e)

    cond = asyncio.Condition()
    items = []

    async def consumer(name):
        async with cond:
            await cond.wait_for(lambda: len(items) > 0)
            got = items.pop(0)
            print(name, "got", got)

    cs = [asyncio.create_task(consumer("c%d" % i)) for i in range(2)]
    await asyncio.sleep(0.01)
    for i in range(2):
        async with cond:
            items.append(i)
            cond.notify()
        await asyncio.sleep(0.005)
    await asyncio.gather(*cs)
    try:
        cond.notify()
    except RuntimeError as e:
        print(e)


asyncio.run(main())
