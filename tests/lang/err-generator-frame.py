def gen():
    yield 1
    yield 1 / 0
total = 0
for x in gen():
    total += x
