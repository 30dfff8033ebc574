# title: The convoy effect: I/O beside CPU
# topic: The GIL
# speed: 0.005
# description: One thread computes; the other does many short blocking calls
#   (time.sleep(0.0001) stands in for a fast network round trip). A blocking
#   call releases the GIL, so the CPU thread takes it at once. When the I/O
#   thread's wait is over it needs the GIL back to continue, and must wait for
#   the switch interval (5 ms) before its drop request forces the CPU thread
#   to let go.
#
#   So each 0.1 ms round trip costs about 5 ms: the I/O thread spends most of
#   its time Runnable (ready), not Timed Waiting. The program prints the
#   average round trip alone and beside the CPU thread.
import threading
import time

ROUNDS = 40


def io_job():
    start = time.perf_counter()
    for i in range(ROUNDS):
        time.sleep(0.0001)
    return (time.perf_counter() - start) / ROUNDS


def cpu_job(stop):
    x = 0
    while not stop.is_set():
        x += 1


if __name__ == "__main__":
    alone = io_job()

    stop = threading.Event()
    cpu = threading.Thread(target=cpu_job, args=(stop,), name="cpu")
    cpu.start()
    beside = io_job()
    stop.set()
    cpu.join()

    print("round trip alone:          {:.2f} ms".format(alone * 1000))
    print("round trip beside the CPU: {:.2f} ms".format(beside * 1000))
