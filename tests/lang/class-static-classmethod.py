class Pizza:
    made = 0

    def __init__(self, toppings):
        self.toppings = toppings
        Pizza.made += 1

    @classmethod
    def margherita(cls):
        return cls(["tomato", "mozzarella"])

    @staticmethod
    def area(r):
        return r * r * 3

    @classmethod
    def count(cls):
        return cls.__name__ + " made " + str(cls.made)

class Calzone(Pizza):
    pass

p = Pizza.margherita()
print(p.toppings, Pizza.area(2), p.area(3))
c = Calzone.margherita()
print(type(c).__name__, Calzone.count(), Pizza.count())
