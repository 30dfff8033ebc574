# asyncio.Queue: producers/consumers, maxsize, join/task_done, nowait errors.
import asyncio


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i, q.qsize())
    await q.put(None)


async def consumer(q, out):
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        out.append(item * 10)
        await asyncio.sleep(0)


async def main():
    q = asyncio.Queue(maxsize=2)
    print(q.maxsize, q.empty(), q.full())
    out = []
    await asyncio.gather(producer(q, 5), consumer(q, out))
    print(out, q.empty())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    q.put_nowait("a")
    q.put_nowait("b")
    print(q.full())
    try:
        q.put_nowait("c")
    except asyncio.QueueFull:
        print("QueueFull")
    print(q.get_nowait(), q.get_nowait())
    q.task_done()
    q.task_done()

    work = asyncio.Queue()
    for i in range(6):
        work.put_nowait(i)
    done = []

    async def w(name):
        while True:
            i = await work.get()
            await asyncio.sleep(0.001 * i)
            done.append(i)
            work.task_done()

    workers = [asyncio.create_task(w("w%d" % k)) for k in range(3)]
    await work.join()
    print(sorted(done))
    for t in workers:
        t.cancel()
    res = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in res])
    try:
        work.task_done()
    except ValueError as e:
        print(e)
    await asyncio.wait_for(work.join(), 1)
    print("joined")


asyncio.run(main())
