# title: The notes' multiprocessing example
# topic: Processes
# speed: 0.01
# description: Two processes, created with multiprocessing.Process, print a
#   square and a cube. Each child is a real fork() of the interpreter with its
#   own memory, its own threads and its own GIL, so nothing it computes is
#   shared with the parent.
#
#   Watch the lanes: the parent creates Process-1 and Process-2 (New), starts
#   them (Runnable) and then blocks in join() (Blocked/Waiting, reason join)
#   until each child has Terminated. A child that has exited but is not yet
#   joined shows as a zombie. The order of "Square" and "Cube" in the output
#   is up to the operating system's scheduler, not to the program.
# importing the multiprocessing module
import multiprocessing


def print_cube(num):
    """
    function to print cube of given num
    """
    print("Cube: {}".format(num * num * num))


def print_square(num):
    """
    function to print square of given num
    """
    print("Square: {}".format(num * num))


if __name__ == "__main__":
    # creating processes
    p1 = multiprocessing.Process(target=print_square, args=(10, ))
    p2 = multiprocessing.Process(target=print_cube, args=(10, ))

    # starting process 1
    p1.start()
    # starting process 2
    p2.start()

    # wait until process 1 is finished
    p1.join()
    # wait until process 2 is finished
    p2.join()

    # both processes finished
    print("Done!")
