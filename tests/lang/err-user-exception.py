class InsufficientFunds(Exception):
    pass

def withdraw(balance, amount):
    if amount > balance:
        raise InsufficientFunds("balance 10 is less than 25")
    return balance - amount

print(withdraw(100, 25))
withdraw(10, 25)
