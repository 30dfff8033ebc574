# gather (order, return_exceptions, cancellation), wait, wait_for, as_completed.
import asyncio


async def val(x, delay):
    await asyncio.sleep(delay)
    return x


async def fail(msg, delay):
    await asyncio.sleep(delay)
    raise ValueError(msg)


async def main():
    print(await asyncio.gather(val(1, 0.03), val(2, 0.01), val(3, 0.02)))
    print(await asyncio.gather())
    r = await asyncio.gather(val(1, 0.01), fail("bad", 0.005),
                             return_exceptions=True)
    print([type(x).__name__ for x in r], r[0], str(r[1]))
    try:
        await asyncio.gather(val(1, 0.01), fail("first", 0.001))
    except ValueError as e:
        print("gather raised", e)

    # wait_for
    print(await asyncio.wait_for(val("in time", 0.01), timeout=1))
    try:
        await asyncio.wait_for(val("late", 1), timeout=0.02)
    except asyncio.TimeoutError as e:
        print("timeout", type(e).__name__, asyncio.TimeoutError is TimeoutError)
    print(await asyncio.wait_for(val("no timeout", 0), None))

    cleaned = []

    async def slow():
        try:
            await asyncio.sleep(10)
        finally:
            cleaned.append("slow finally")

    try:
        await asyncio.wait_for(slow(), 0.01)
    except TimeoutError:
        print("timed out", cleaned)

    # wait
    gate = asyncio.Event()

    async def gated(i):
        if i > 0:
            await gate.wait()
        return i

    tasks = [asyncio.create_task(gated(i), name="w%d" % i) for i in range(3)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(t.get_name() for t in done), sorted(t.get_name() for t in pending))
    gate.set()
    done, pending = await asyncio.wait(tasks)
    print(sorted(t.result() for t in done), len(pending))
    t = asyncio.create_task(val("x", 1))
    done, pending = await asyncio.wait([t], timeout=0.01)
    print(len(done), len(pending))
    t.cancel()
    tasks = [asyncio.create_task(fail("e", 0.01)),
             asyncio.create_task(val(1, 1))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending))
    for p in pending:
        p.cancel()

    # as_completed
    order = []
    for c in asyncio.as_completed([val("c", 0.15), val("a", 0.05), val("b", 0.1)]):
        order.append(await c)
    print(order)
    try:
        for c in asyncio.as_completed([val("never", 1)], timeout=0.01):
            await c
    except asyncio.TimeoutError:
        print("as_completed timeout")
    await asyncio.sleep(0)


asyncio.run(main())
