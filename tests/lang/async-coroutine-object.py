# Coroutine objects driven by hand: send, throw, close, finally, errors.
class Sleep:
    def __await__(self):
        got = yield "tick"
        return got

async def worker(name):
    try:
        a = await Sleep()
        b = await Sleep()
        return name + ":" + str(a + b)
    finally:
        print("finally", name)

async def catcher():
    try:
        await Sleep()
    except ValueError as e:
        print("caught", e)
        return "recovered"

c = worker("w")
print(type(c).__name__, c.__name__, c.__qualname__)
print(c.send(None))
print(c.send(1))
try:
    c.send(2)
except StopIteration as e:
    print("returned", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError", e)
except StopIteration:
    print("StopIteration again")

c2 = catcher()
c2.send(None)
try:
    c2.throw(ValueError("boom"))
except StopIteration as e:
    print("throw ->", e.value)

c3 = worker("closed")
c3.send(None)
c3.close()
print("closed ok")

async def add(a, b):
    return a + b

async def chain():
    total = 0
    for i in range(5):
        total += await add(i, i)
    return total

c4 = chain()
try:
    c4.send(None)
except StopIteration as e:
    print("chain", e.value)

async def reuse():
    c = add(1, 2)
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print(e)

try:
    reuse().send(None)
except StopIteration:
    pass

class BadAwait:
    def __await__(self):
        return 5

async def bad():
    try:
        await BadAwait()
    except TypeError as e:
        print(e)
    try:
        async with 3:
            pass
    except TypeError as e:
        print(e)
    try:
        async for x in 3:
            pass
    except TypeError as e:
        print(e)

try:
    bad().send(None)
except StopIteration:
    pass
