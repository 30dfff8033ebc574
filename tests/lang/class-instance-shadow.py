class Config:
    debug = False
    tags = []

    def enable(self):
        self.debug = True

a = Config()
b = Config()
a.enable()
print(a.debug, b.debug, Config.debug)
a.tags.append("shared")
print(b.tags, Config.tags)
a.tags = ["own"]
print(a.tags, b.tags)
Config.debug = "changed"
print(a.debug, b.debug)
print(a.__class__.__name__, a.__class__ is Config)
print(type(a).debug)
