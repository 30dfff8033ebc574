# async with / async for on user classes inside tasks; awaiting objects
# with __await__; a custom awaitable that wraps a future.
import asyncio


class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await asyncio.sleep(0.001)
        print("open", self.name)
        return self

    async def __aexit__(self, et, e, tb):
        await asyncio.sleep(0.001)
        print("close", self.name, et.__name__ if et else None)
        return False


class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(0.001)
        self.i += 1
        return self.i


class Later:
    def __init__(self, v):
        self.v = v

    def __await__(self):
        return asyncio.sleep(0.001, self.v).__await__()


async def main():
    async with Resource("r1") as r:
        print("using", r.name)
    try:
        async with Resource("r2"):
            raise ValueError("inside")
    except ValueError:
        print("propagated")
    total = 0
    async for i in Ticker(4):
        total += i
    print("total", total)
    print(await Later("later"))
    t = asyncio.ensure_future(Later("ensured"))
    print(await t)
    lock = asyncio.Lock()
    async with lock:
        print("locked", lock.locked())
    print("unlocked", lock.locked())


asyncio.run(main())
