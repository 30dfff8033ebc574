def echo():
    received = None
    while True:
        received = yield "got " + str(received)
        if received == "stop":
            return "stopped"

g = echo()
print(next(g))
print(g.send("a"))
print(g.send(42))
try:
    g.send("stop")
except StopIteration as e:
    print("StopIteration value:", e.value)

def averager():
    total = 0
    n = 0
    avg = None
    while True:
        x = yield avg
        total += x
        n += 1
        avg = total / n

a = averager()
next(a)
print(a.send(10), a.send(20), a.send(0))
g2 = echo()
try:
    g2.send("too early")
except TypeError as e:
    print("TypeError", e)
