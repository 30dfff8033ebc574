class P:
    @property
    def bad(self):
        return self.nope
print(P().bad)
