# gather of three asyncio.sleep(0.2): prints the wall time in seconds.
import asyncio
import time


async def main():
    start = time.perf_counter()
    await asyncio.gather(asyncio.sleep(0.2), asyncio.sleep(0.2),
                         asyncio.sleep(0.2))
    print("%.3f" % (time.perf_counter() - start))


asyncio.run(main())
