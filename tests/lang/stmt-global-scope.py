x = "global x"

def f():
    return x

def g():
    x = "local x"
    return x

print(f(), g(), x)

if True:
    block_var = "visible after if"
print(block_var)
for loop_var in range(3):
    pass
print(loop_var)
try:
    tv = "from try"
finally:
    pass
print(tv)
def h():
    if False:
        never = 1
    try:
        return never
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)
print(h())
