l = [1, 2]
l.append(l)
print(l)
print(len(l), l[2] is l, l[2][2][0])
d = {"name": "root"}
d["self"] = d
print(d)
a = [1]
b = [a]
a.append(b)
print(a, b)
t = ([],)
t[0].append(t)
print(t)
