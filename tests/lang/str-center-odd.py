for w in range(3, 9):
    print(repr("ab".center(w, "*")), repr("abc".center(w, "*")))
print(repr("".center(3, "x")), repr("x".center(0)))
print("{:^4}|{:^5}|".format("ab", "ab"), f"{'abc':^6}|{'abc':^7}|")
print("%3s|%-3s|" % ("ab", "ab"))
