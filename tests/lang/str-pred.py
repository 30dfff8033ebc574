for s in ["123", "12.3", "abc", "ABC", "abc123", "", " ", " \t\n", "Ab1"]:
    print(repr(s), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isdecimal(), s.isnumeric())
print("hello_world".isidentifier(), "1abc".isidentifier())
