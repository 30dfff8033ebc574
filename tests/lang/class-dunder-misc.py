class Money:
    def __init__(self, cents):
        self.cents = cents
    def __bool__(self):
        return self.cents != 0
    def __int__(self):
        return self.cents
    def __float__(self):
        return self.cents / 100
    def __le__(self, o):
        return self.cents <= o.cents
    def __ge__(self, o):
        return self.cents >= o.cents
    def __gt__(self, o):
        return self.cents > o.cents
    def __lt__(self, o):
        return self.cents < o.cents

print(bool(Money(0)), bool(Money(5)), int(Money(250)), float(Money(250)))
print(Money(1) <= Money(2), Money(1) >= Money(2), max(Money(3), Money(9)).cents)
print("yes" if Money(1) else "no", "yes" if Money(0) else "no")
