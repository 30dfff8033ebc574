class Ctx:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("exit runs")
with Ctx():
    d = {}
    d["missing"]
