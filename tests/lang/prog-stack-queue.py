def balanced(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack

for s in ["()", "([]{})", "(]", "((", "", "{[()()]}", "())"]:
    print(repr(s), balanced(s))

def rpn(expr):
    st = []
    for tok in expr.split():
        if tok in "+-*/":
            b, a = st.pop(), st.pop()
            st.append({"+": a + b, "-": a - b, "*": a * b, "/": a / b}[tok])
        else:
            st.append(int(tok))
    return st[0]

print(rpn("3 4 + 2 *"), rpn("5 1 2 + 4 * + 3 -"), rpn("7 2 /"))
queue = []
for i in range(5):
    queue.append(i)
served = []
while queue:
    served.append(queue.pop(0))
    if len(served) == 2:
        queue.append("late")
print(served)
