text = """The quick brown fox jumps over the lazy dog.
The dog sleeps; the fox runs!  The end."""

counts = {}
for raw in text.split():
    word = raw.strip(".,;!").lower()
    counts[word] = counts.get(word, 0) + 1

ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
for word, n in ranked[:5]:
    print(f"{word:<6} {n:>2} {'*' * n}")
print("distinct:", len(counts), "total:", sum(counts.values()))
