s = "Hello World abc"
print(s.upper(), s.lower(), s.swapcase())
print(s.title(), "hello".capitalize(), "HELLO".capitalize())
print("they're bill's".title())
print("abc".isupper(), "ABC".isupper(), "abc".islower(), "Abc".istitle())
print("MiXeD 123".lower(), "123".upper())
