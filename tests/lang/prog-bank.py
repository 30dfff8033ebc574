class InsufficientFunds(Exception):
    def __init__(self, needed):
        super().__init__(f"need {needed} more")
        self.needed = needed

class Account:
    interest = 0.02

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(amount - self.balance)
        self.balance -= amount
        self.history.append(("withdraw", amount))

    def __repr__(self):
        return f"Account({self.owner!r}, {self.balance})"

class Savings(Account):
    interest = 0.05

    def add_interest(self):
        self.deposit(round(self.balance * self.interest, 2))

a = Account("ann", 100)
s = Savings("sam", 1000)
a.deposit(50)
for amount in [30, 500]:
    try:
        a.withdraw(amount)
    except InsufficientFunds as e:
        print("refused:", e, e.needed)
try:
    a.deposit(-5)
except ValueError as e:
    print("refused:", e)
s.add_interest()
print(a, s, a.history, s.history)
print(sorted([s, a], key=lambda acct: acct.balance))
