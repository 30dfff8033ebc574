# Cancellation: CancelledError at the await point, finally runs, messages,
# cancelling a task waiting on a future, uncaught cancellation, shield.
import asyncio


async def sleeper(log):
    try:
        log.append("sleeping")
        await asyncio.sleep(10)
        log.append("not reached")
    except asyncio.CancelledError:
        log.append("cancelled at await")
        raise
    finally:
        log.append("finally ran")


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        return "ignored cancel"


async def main():
    log = []
    t = asyncio.create_task(sleeper(log))
    await asyncio.sleep(0.01)
    print(t.cancel(), t.done())
    try:
        await t
    except asyncio.CancelledError:
        print("await raised CancelledError")
    print(t.cancelled(), t.done(), log)
    print(t.cancel())
    try:
        t.result()
    except asyncio.CancelledError:
        print("result raised CancelledError")

    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t.cancel()
    print(await t, t.cancelled())

    t = asyncio.create_task(sleeper([]))
    await asyncio.sleep(0)
    t.cancel("with a message")
    try:
        await t
    except asyncio.CancelledError as e:
        print("message:", e.args)

    # cancel before it ever ran
    t = asyncio.create_task(sleeper([]))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled before start", t.cancelled())

    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    async def waiter():
        return await fut

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0)
    print("future cancelled too:", fut.cancelled())

    print(issubclass(asyncio.CancelledError, BaseException),
          issubclass(asyncio.CancelledError, Exception))

    inner = asyncio.create_task(asyncio.sleep(0.02, result="shielded"))
    outer = asyncio.shield(inner)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled")
    print(await inner)

    g = asyncio.gather(asyncio.sleep(1), asyncio.sleep(1))
    await asyncio.sleep(0)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled")


asyncio.run(main())
