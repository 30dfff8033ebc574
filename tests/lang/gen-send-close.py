def worker():
    print("worker started")
    try:
        while True:
            job = yield
            print("job", job)
    finally:
        print("worker closing")

w = worker()
next(w)
w.send("a")
w.send("b")
w.close()
print("closed")
try:
    w.send("c")
except StopIteration:
    print("send after close: StopIteration")

def with_throw():
    try:
        yield 1
    except ValueError as e:
        print("caught inside", e)
        yield "recovered"

t = with_throw()
print(next(t))
print(t.throw(ValueError("thrown in")))
