import asyncio

def deco(f):
    f.tagged = True
    return f

class Svc:
    def __init__(self):
        self.n = 0

    @deco
    async def bump(self, k=1, *, mult=2):
        await asyncio.sleep(0)
        self.n += k * mult
        return self.n

    @staticmethod
    async def st():
        return "static"

    @classmethod
    async def cm(cls):
        return cls.__name__


async def gen_user():
    vals = [await asyncio.sleep(0, i) for i in range(3)]
    print(vals, {k: await asyncio.sleep(0, k * 2) for k in range(2)})
    s = Svc()
    print(await s.bump(), await s.bump(3, mult=1), Svc.bump.tagged)
    print(await Svc.st(), await Svc.cm())
    print(f"{await s.bump()}!")
    x = (await s.bump()) + (await s.bump())
    print(x, -await asyncio.sleep(0, 5), await asyncio.sleep(0, 2) ** 3)
    d = {await asyncio.sleep(0, "k"): await asyncio.sleep(0, "v")}
    print(d)
    try:
        await asyncio.sleep(0, None)
        raise ValueError("x")
    except ValueError as e:
        r = await asyncio.sleep(0, "after except")
        print(r, e)
    finally:
        print("finally", await asyncio.sleep(0, 1))
    for i in range(2):
        async with asyncio.Lock():
            if i == 0:
                continue
            print("second iteration")

asyncio.run(gen_user())
