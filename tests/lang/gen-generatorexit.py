def g():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("GeneratorExit seen")
        raise

it = g()
print(next(it))
it.close()
print("after close")
print(issubclass(GeneratorExit, Exception), issubclass(GeneratorExit, BaseException))

def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield "refuse"

s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError", e)
