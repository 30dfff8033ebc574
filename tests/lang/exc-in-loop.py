results = []
for s in ["1", "x", "3", "", "5"]:
    try:
        results.append(int(s))
    except ValueError:
        results.append(None)
        continue
    finally:
        results.append("|")
print(results)
total = 0
i = 0
while True:
    try:
        total += [10, 20, 30][i]
        i += 1
    except IndexError:
        break
print(total, i)
