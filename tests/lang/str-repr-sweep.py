strs = ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\t", "nl\n", "cr\r", "nul\x00", "esc\x1b", "del\x7f", "latin é", "\x80\x9f", "\xa0nbsp", "\xad", "€", "\u200b", "\u2028", "\ufeff", "日本", "🐍", "\U0001f600", "\ue000"]
for s in strs:
    print(repr(s), len(s))
print(strs)
