for i in range(3):
    print("i", i)
else:
    print("for else")
for c in "abcde":
    if c == "c":
        print("found c")
        break
else:
    print("not printed")
for x in []:
    print("never")
else:
    print("empty else")
for i in range(3):
    for j in range(3):
        if j == 1:
            break
        print(i, j)
for k, v in {"a": 1, "b": 2}.items():
    print(k, v)
for i in range(10):
    if i % 3:
        continue
    print("mult3", i)
for i in range(2):
    pass
print("i after loop", i)
