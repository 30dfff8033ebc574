# title: Processes talk through a Queue and a Pipe
# topic: IPC
# speed: 0.01
# description: Processes do not share memory, so they communicate through the
#   operating system. A multiprocessing.Queue carries pickled objects from a
#   child to its parent; a Pipe is a two-ended connection, here used for a
#   request and a reply.
#
#   The parent blocks in q.get() and conn.recv() (Blocked/Waiting, reason queue
#   or pipe) until the child has sent something. Each child has its own GIL, so
#   the GIL rows of parent and child are independent.
import multiprocessing


def squares(q, n):
    for i in range(n):
        q.put(i * i)
    q.put(None)


def echo(conn):
    msg = conn.recv()
    conn.send(msg.upper())
    conn.close()


if __name__ == "__main__":
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=squares, args=(q, 5))
    p.start()
    while True:
        item = q.get()
        if item is None:
            break
        print("from the queue: {}".format(item))
    p.join()

    parent, child = multiprocessing.Pipe()
    p = multiprocessing.Process(target=echo, args=(child,))
    p.start()
    parent.send("hello through a pipe")
    print("reply: {}".format(parent.recv()))
    p.join()
