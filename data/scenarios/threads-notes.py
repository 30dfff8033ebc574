# title: The notes' threading example
# topic: Threads and states
# speed: 0.005
# description: The example from the notes: two threads print a square and a
#   cube, and the main thread joins both before printing "Done!".
#
#   Follow each thread through its states: New when threading.Thread() creates
#   it, Runnable after start(), Terminated when its target returns. MainThread
#   spends most of its time Blocked/Waiting in join(). The GIL row shows that
#   only one thread at a time runs Python code: the key to the room passes from
#   MainThread to Thread-1 (print_square) to Thread-2 (print_cube) and back.
import threading


def print_cube(num):
    print("Cube: {}" .format(num * num * num))


def print_square(num):
    print("Square: {}" .format(num * num))


if __name__ =="__main__":
    t1 = threading.Thread(target=print_square, args=(10,))
    t2 = threading.Thread(target=print_cube, args=(10,))

    t1.start()
    t2.start()

    t1.join()
    t2.join()

    print("Done!")
