# asyncio.timeout / timeout_at (3.11): expiry raises TimeoutError, the body's
# finally runs, an unexpired block is untouched, reschedule, nesting.
import asyncio


async def main():
    log = []
    try:
        async with asyncio.timeout(0.01) as cm:
            try:
                await asyncio.sleep(1)
            finally:
                log.append("body finally")
    except TimeoutError:
        log.append("TimeoutError")
    print(log, cm.expired())

    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.001)
    print("in time", cm.expired())

    async with asyncio.timeout(None) as cm:
        cm.reschedule(asyncio.get_running_loop().time() + 1)
        await asyncio.sleep(0)
    print("rescheduled", cm.when() is not None)

    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + 0.01):
            async with asyncio.timeout(1):
                await asyncio.sleep(1)
    except TimeoutError:
        print("outer deadline fired")

    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(1)
    except TimeoutError:
        print("zero timeout")

    t = asyncio.current_task()
    print("cancelling", t.cancelling())


asyncio.run(main())
