import asyncio


class Count:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.i += 1
        return self.i


async def main():
    print([x async for x in Count(4)])
    print([x * y async for x in Count(3) for y in range(2) if x != 2])
    print({x: x * x async for x in Count(3)})
    print({x % 2 async for x in Count(5) if x > 1})
    print([[y async for y in Count(x)] for x in range(3)])
    print([await asyncio.sleep(0, x) async for x in Count(2)])
    r = []
    async for a in Count(2):
        r.append([b async for b in Count(a)])
    print(r)
    try:
        print([x async for x in 5])
    except TypeError as e:
        print(e)


asyncio.run(main())
