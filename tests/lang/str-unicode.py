s = "héllo wörld"
print(len(s), s.upper(), s[1], s[-4:])
e = "日本語"
print(len(e), e[0], e[::-1], list(e))
print(len("€"), "€" * 3)
print(ord("A"), ord("é"), ord("€"), chr(65), chr(233), chr(8364))
print("\u00e9" == "é", "\u03b1", "\U0001F40D" == "🐍")
print(repr("é"), repr("\u2028"), repr("\x00"), repr("\x7f"))
print("ÀÉÎ".lower(), "àéî".upper())
print(len("🐍"), "🐍"[0] == "🐍", len("a🐍b"))
