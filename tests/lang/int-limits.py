import sys
big = 9223372036854775807
print(big, -big - 1, big == sys.maxsize)
print(big - 1, big // 2, big % 10, -big // 7, big >> 62, (-big - 1) >> 63)
print(2 ** 62 - 1 + 2 ** 62, -(2 ** 62) * 2)
print(abs(-big), str(-big - 1), len(str(big)))
print(3037000499 * 3037000499, 4611686018427387903 * 2 + 1)
print(divmod(big, 1000000007), big % -3, -big % 3)
print(float(big), int(9.2e18))
