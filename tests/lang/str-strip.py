s = "  \t padded \n "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "xyhiyx".strip("xy"), "abcba".lstrip("ab"), "abcba".rstrip("ab"))
print(repr("".strip()), repr("   ".strip()))
print("www.example.com".strip("cmowz."))
print("hello".removeprefix("he"), "hello".removesuffix("lo"), "hello".removeprefix("x"))
