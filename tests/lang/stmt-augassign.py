x = 10
x += 5; print("+=", x)
x -= 3; print("-=", x)
x *= 2; print("*=", x)
x //= 5; print("//=", x)
x %= 3; print("%=", x)
x **= 4; print("**=", x)
x /= 4; print("/=", x)
y = 12
y &= 10; print("&=", y)
y |= 5; print("|=", y)
y ^= 3; print("^=", y)
y <<= 2; print("<<=", y)
y >>= 3; print(">>=", y)
s = "ab"
s += "cd"; s *= 2; print(s)
l = [1]
l += [2]; l *= 2; print(l)
d = {"k": 1}
d["k"] += 10
print(d)
class O:
    pass
o = O()
o.v = 1
o.v += 1
print(o.v)
m = [[0, 0]]
m[0][1] -= 5
print(m)
t = (1,)
t += (2,)
print(t)
