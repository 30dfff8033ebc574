# asyncio.run, sleep (incl. sleep(0)), create_task, Task names and state.
import asyncio


async def worker(name, delay, log):
    log.append(name + " start")
    await asyncio.sleep(delay)
    log.append(name + " end")
    return name.upper()


async def spinner(log):
    # Its own log: sleep(0) turns and timers may interleave under load.
    log = []
    for i in range(3):
        log.append("spin %d" % i)
        await asyncio.sleep(0)
    return log


async def main():
    log = []
    loop = asyncio.get_running_loop()
    print(loop is asyncio.get_event_loop())
    print(loop.is_running(), loop.is_closed())
    t1 = asyncio.create_task(worker("slow", 0.05, log))
    t2 = asyncio.create_task(worker("fast", 0.01, log), name="quick")
    t3 = asyncio.create_task(spinner(log))
    me = asyncio.current_task()
    print(me.get_name(), t1.get_name(), t2.get_name(), t3.get_name())
    print(t1.done(), t2.done())
    r1 = await t1
    r2 = await t2
    r3 = await t3
    print(r1, r2, r3, t1.done(), t1.result(), t1.cancelled())
    for line in log:
        print(line)
    t2.set_name("renamed")
    print(t2.get_name())
    print(await asyncio.sleep(0.001, result="with result"))
    print(asyncio.iscoroutinefunction(worker), asyncio.iscoroutinefunction(print))
    c = worker("x", 0, [])
    print(asyncio.iscoroutine(c), asyncio.isfuture(t1))
    await c
    return "main done"


print(asyncio.run(main()))
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError", str(e)[:30])


async def nested():
    try:
        asyncio.run(main())
    except RuntimeError as e:
        print(e)


asyncio.run(nested())
print("second run ok")


async def boom():
    await asyncio.sleep(0)
    raise KeyError("inner")

try:
    asyncio.run(boom())
except KeyError as e:
    print("KeyError", e)
