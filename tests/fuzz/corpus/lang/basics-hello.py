print("Hello, world!")
print()
print("two", "words")
print(1, 2.5, None, True, False)
