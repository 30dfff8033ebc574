# Pool callbacks run on the Pool's result-handler thread as soon as the
# result arrives, not when the parent collects results.
import multiprocessing as mp
import threading

def square(x):
    return x * x

def power(a, b):
    return a ** b

def fail(x):
    raise ValueError("bad %d" % x)

if __name__ == "__main__":
    fired = threading.Event()
    seen = {}

    def on_result(v):
        seen["value"] = v
        seen["main"] = threading.current_thread() is threading.main_thread()
        fired.set()

    errs = threading.Event()

    def on_error(e):
        seen["error"] = repr(e)
        seen["emain"] = threading.current_thread() is threading.main_thread()
        errs.set()

    mapped = threading.Event()

    def on_map(vs):
        seen["map"] = vs
        seen["mmain"] = threading.current_thread() is threading.main_thread()
        mapped.set()

    starred = threading.Event()

    def on_star(vs):
        seen["star"] = vs
        starred.set()

    with mp.Pool(2) as pool:
        pool.apply_async(square, (7,), callback=on_result)
        print("apply_async callback fired:", fired.wait(30))
        print("value", seen["value"], "on main thread:", seen["main"])
        pool.apply_async(fail, (3,), error_callback=on_error)
        print("error_callback fired:", errs.wait(30))
        print(seen["error"], "on main thread:", seen["emain"])
        pool.map_async(square, range(5), callback=on_map)
        print("map_async callback fired:", mapped.wait(30))
        print(seen["map"], "on main thread:", seen["mmain"])
        pool.starmap_async(power, [(2, 3), (3, 2)], callback=on_star)
        print("starmap_async callback fired:", starred.wait(30), seen["star"])
        r = pool.map_async(square, [], callback=lambda v: print("empty", v))
        r.wait()
        print(r.get(), r.successful())
        out = []
        rs = [pool.apply_async(square, (i,), callback=out.append) for i in range(6)]
        pool.close()
        pool.join()
        print(sorted(out), all(x.ready() for x in rs))
    print("done")
