students = [
    {"name": "Ann", "scores": [88, 92, 79]},
    {"name": "Bob", "scores": [72, 65, 80]},
    {"name": "Cyd", "scores": [95, 98, 100]},
    {"name": "Dee", "scores": []},
]

def average(xs):
    return sum(xs) / len(xs) if xs else None

print("%-5s %6s %5s" % ("name", "avg", "best"))
for s in students:
    avg = average(s["scores"])
    best = max(s["scores"], default="-")
    avg_text = "n/a" if avg is None else "%.2f" % avg
    print("%-5s %6s %5s" % (s["name"], avg_text, best))
valid = [s for s in students if s["scores"]]
top = max(valid, key=lambda s: average(s["scores"]))
print("top:", top["name"], "| class average: {:.3f}".format(average([average(s["scores"]) for s in valid])))
