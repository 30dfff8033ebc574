def read_lines():
    for line in ["10 apples", "3 pears", "", "7 figs"]:
        yield line

def non_empty(lines):
    for l in lines:
        if l:
            yield l

def parse(lines):
    for l in lines:
        n, name = l.split()
        yield int(n), name

total = 0
for n, name in parse(non_empty(read_lines())):
    print(name, n)
    total += n
print("total", total)
