s = "the cat sat on the mat"
print(s.replace("at", "og"), s.replace("at", "og", 2), s.replace("zz", "y"))
print("aaa".replace("a", "bb"), "abc".replace("", "-"))
print(s.find("at"), s.find("at", 6), s.find("zz"), s.rfind("at"), s.find(""))
print(s.index("sat"), s.rindex("the"))
print(s.count("at"), s.count("the"), "aaaa".count("aa"), "abc".count(""))
print(s.startswith("the"), s.endswith("mat"), s.startswith("cat", 4), s.endswith(("dog", "mat")))
print(s.startswith(("a", "t")), "".startswith(""))
try:
    s.index("zz")
except ValueError as e:
    print("ValueError", e)
