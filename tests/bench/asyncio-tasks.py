# 10,000 tasks, each awaiting asyncio.sleep(0) ten times.
import asyncio


async def hop():
    for _ in range(10):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*[hop() for _ in range(10000)])


asyncio.run(main())
