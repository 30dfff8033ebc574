def gen():
    yield 1
    raise KeyError("from the generator")

for v in gen():
    print("got", v)
