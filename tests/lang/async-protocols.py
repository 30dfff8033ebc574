class Fut:
    def __init__(self, v): self.v = v
    def __await__(self):
        x = yield ("fut", self.v)
        return x * 2

class ACM:
    async def __aenter__(self):
        print("enter")
        await Fut(1)
        return "val"
    async def __aexit__(self, t, e, tb):
        print("exit", t.__name__ if t else None)
        return t is KeyError

class AIt:
    def __init__(self, n): self.i = 0; self.n = n
    def __aiter__(self): return self
    async def __anext__(self):
        if self.i >= self.n: raise StopAsyncIteration
        self.i += 1
        return self.i

async def sub(a):
    r = await Fut(a)
    return r + 1

async def main():
    x = await sub(5)
    print("x", x)
    async with ACM() as v:
        print("in", v)
    async with ACM():
        raise KeyError("k")
    print("after suppressed")
    try:
        async with ACM():
            raise ValueError("v")
    except ValueError as e:
        print("caught", e)
    async for i in AIt(3):
        print("i", i)
        if i == 2: continue
    else:
        print("else")
    async for i in AIt(5):
        if i == 2: break
    print("broke", i)
    async def inner():
        async with ACM() as v:
            return v + "!"
    print(await inner())
    try:
        await 3
    except TypeError as e:
        print(e)
    return "done"

c = main()
print(type(c).__name__)
try:
    v = c.send(None)
    while True:
        v = c.send(v[1])
except StopIteration as e:
    print("result", e.value)
