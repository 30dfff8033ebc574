print("raising with an empty message")
raise ValueError("")
