# title: asyncio.gather: await sleep vs time.sleep
# topic: asyncio
# speed: 0.01
# description: Three coroutines each wait 0.2 s, gathered with asyncio.gather
#   on one event loop in one thread.
#
#   With "await asyncio.sleep(0.2)" each task hands control back to the loop,
#   which sets a timer and runs the next task: all three wait at the same time
#   and the whole takes 0.2 s. With "time.sleep(0.2)" the task blocks the whole
#   loop (the event-loop panel warns about it): the tasks run one after the
#   other and the whole takes 0.6 s.
import asyncio
import time


async def polite(name):
    await asyncio.sleep(0.2)
    return name


async def rude(name):
    time.sleep(0.2)
    return name


async def main():
    start = time.perf_counter()
    await asyncio.gather(polite("a"), polite("b"), polite("c"))
    print("await asyncio.sleep: {:.1f} s".format(time.perf_counter() - start))

    start = time.perf_counter()
    await asyncio.gather(rude("a"), rude("b"), rude("c"))
    print("time.sleep:          {:.1f} s".format(time.perf_counter() - start))


if __name__ == "__main__":
    asyncio.run(main())
