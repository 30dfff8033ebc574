# Two threads importing the same modules at once get the same module
# objects; printing from 4 threads keeps whole lines.
import threading

mods = [[], [], [], []]
start = threading.Barrier(4)


def imp(k):
    start.wait()
    import math
    import random
    import time
    import queue
    mods[k] = [math, random, time, queue]


ts = [threading.Thread(target=imp, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(all(mods[k][j] is mods[0][j] for k in range(4) for j in range(4)))
import sys
print(all(sys.modules[m.__name__] is m for m in mods[0]))


def talk(k):
    start.wait()
    for i in range(200):
        print("line %d %d end" % (k, i))


ts = [threading.Thread(target=talk, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
