def make():
    class LocalError(Exception):
        pass
    return LocalError

E = make()
print(E.__name__)
raise E("from a class defined in a function")
