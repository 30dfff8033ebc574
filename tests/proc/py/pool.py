# Pool: map, starmap, apply, apply_async with get/callbacks, imap,
# imap_unordered (sorted), errors, close/join, the with statement.
import multiprocessing


def square(x):
    return x * x


def add(a, b):
    return a + b


def fail(x):
    if x == 3:
        raise ValueError("bad %d" % x)
    return x


def describe(name, n=1):
    return {"name": name, "n": n, "items": [name] * n}


results = []


def collect(r):
    results.append(r)


errors = []


def on_error(e):
    errors.append(repr(e))


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        print(pool.map(square, range(10)))
        print(pool.map(square, [], chunksize=3))
        print(pool.starmap(add, [(1, 2), (3, 4), ("a", "b")]))
        print(pool.apply(describe, ("x",), {"n": 2}))
        r = pool.apply_async(square, (12,))
        print(r.get(timeout=30), r.ready(), r.successful())
        print(list(pool.imap(square, range(5))))
        print(sorted(pool.imap_unordered(square, range(8))))
        try:
            pool.map(fail, range(5))
        except ValueError as e:
            print("ValueError", e)
    pool = multiprocessing.Pool(2)
    for i in range(4):
        pool.apply_async(square, (i,), callback=collect)
    pool.apply_async(fail, (3,), error_callback=on_error)
    pool.close()
    pool.join()
    print(sorted(results), errors)
    try:
        pool.apply_async(square, (1,))
    except ValueError as e:
        print("ValueError", e)
    print("Done!")
