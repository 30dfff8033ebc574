class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x):
        return x + self.n

add5 = Adder(5)
print(add5(10), list(map(add5, [1, 2])))

class Countdown:
    def __init__(self, start):
        self.cur = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.cur <= 0:
            raise StopIteration
        self.cur -= 1
        return self.cur + 1

print(list(Countdown(3)))
c = Countdown(2)
print(next(c), next(c), next(c, "done"))
for x in Countdown(2):
    print("x", x)
