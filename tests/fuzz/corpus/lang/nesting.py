x = ((((((((((1))))))))))
if x:
    y = [i for i in range(3) if i]
