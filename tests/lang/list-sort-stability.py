records = [("dave", "B", 3), ("ann", "A", 2), ("cy", "B", 1), ("bob", "A", 3), ("eve", "B", 2)]
by_grade = sorted(records, key=lambda r: r[1])
print([r[0] for r in by_grade])
by_score_then_grade = sorted(sorted(records, key=lambda r: r[1]), key=lambda r: r[2])
print([r[0] for r in by_score_then_grade])
l = records[:]
l.sort(key=lambda r: r[2], reverse=True)
print([r[0] for r in l])
print(sorted([3, 1, 2], key=lambda x: 0))
print(sorted(["b", "a", "B", "A"], key=str.upper))
