# title: Producer and consumer with a queue
# topic: Synchronization
# speed: 0.01
# description: A producer puts ten items into a queue.Queue of size 3 and two
#   consumers take them out. put() on a full queue blocks the producer
#   (Blocked/Waiting, reason queue); get() on an empty queue blocks a consumer.
#   The queue does all the locking: no item is lost or taken twice.
#
#   At the end the producer puts one None per consumer, a "poison pill" that
#   tells each consumer to stop. Watch the queue size in the narration and how
#   the fast consumer and the slow consumer share the work.
import queue
import threading
import time

q = queue.Queue(maxsize=3)


def producer():
    for i in range(10):
        q.put(i)
        print("produced {}".format(i))
        time.sleep(0.01)
    q.put(None)
    q.put(None)


def consumer(name, delay):
    while True:
        item = q.get()
        if item is None:
            break
        print("{} consumed {}".format(name, item))
        time.sleep(delay)


if __name__ == "__main__":
    threads = [
        threading.Thread(target=producer, name="producer"),
        threading.Thread(target=consumer, args=("fast", 0.02), name="fast"),
        threading.Thread(target=consumer, args=("slow", 0.06), name="slow"),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("queue empty: {}".format(q.empty()))
