items = [1, 2, 3]
print("total:", sum(items))
print("label: " + len(items))
