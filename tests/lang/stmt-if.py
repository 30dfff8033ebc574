def grade(n):
    if n >= 90:
        return "A"
    elif n >= 80:
        return "B"
    elif n >= 70:
        return "C"
    else:
        return "F"

print([grade(n) for n in [95, 85, 75, 65, 90, 80]])
x = 0
if x:
    print("never")
if not x:
    print("not x")
if x == 0 and (x + 1) == 1 or False:
    print("compound")
y = "yes" if x else "no"
print(y, "a" if 1 else "b" if 0 else "c")
if []:
    pass
elif {}:
    pass
else:
    print("all empty")
