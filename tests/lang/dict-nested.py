db = {"alice": {"age": 30, "langs": ["py", "c"]}, "bob": {"age": 25, "langs": []}}
print(db["alice"]["langs"][1])
db["bob"]["langs"].append("go")
print(db)
print(sorted(db.items(), key=lambda kv: kv[1]["age"]))
print({k: v["age"] for k, v in db.items()})
print(str({"q": "it's"}), repr({"a": None}))
print({"k": {"k": {"k": {}}}})
