# Forking while other threads are alive (a thread pool's workers, another
# executor's manager thread): the child has only the forking thread, so its
# end does not wait for threads that stayed in the parent.
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor


def double(x):
    return x * 2


def child():
    print('child sees', len(threading.enumerate()) >= 1, flush=True)


if __name__ == "__main__":
    tex = ThreadPoolExecutor(2)
    print(tex.submit(double, 1).result())
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    print('exitcode', p.exitcode)
    with ProcessPoolExecutor(2) as ex:
        print(ex.submit(double, 3).result())
        ex2 = ProcessPoolExecutor(1)
        print(ex.submit(double, 4).result(), ex2.submit(double, 5).result())
        print(list(ex2.map(double, range(4))))
        ex2.shutdown()
    print(tex.submit(double, 6).result())
    tex.shutdown()
    print('done')
