import asyncio
import threading

results = {}

async def work(n):
    total = 0
    for i in range(n):
        await asyncio.sleep(0.001)
        total += i
    return total

def runner(name):
    results[name] = asyncio.run(work(20))

ths = [threading.Thread(target=runner, args=("t%d" % i,)) for i in range(3)]
for t in ths: t.start()
for t in ths: t.join()
print(sorted(results.items()))
try:
    asyncio.get_event_loop
    def noloop():
        try:
            asyncio.get_event_loop()
        except RuntimeError as e:
            print("RuntimeError", e)
    t = threading.Thread(target=noloop); t.start(); t.join()
except Exception as e:
    print(e)
