name = input()
print("Hello,", name)
age = int(input("Age? "))
print("next year:", age + 1)
line = input()
print(repr(line))
nums = [int(x) for x in input().split()]
print(sum(nums))
try:
    input()
except EOFError as e:
    print("EOFError", e)
