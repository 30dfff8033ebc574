class AppError(Exception):
    pass

class NotFound(AppError):
    def __init__(self, name):
        super().__init__("not found: " + name)
        self.name = name

class Detailed(Exception):
    def __init__(self, code, msg):
        self.code = code
        self.msg = msg
    def __str__(self):
        return "[%d] %s" % (self.code, self.msg)

try:
    raise NotFound("key")
except AppError as e:
    print(type(e).__name__, e, e.name, e.args)
try:
    raise Detailed(404, "missing")
except Exception as e:
    print(type(e).__name__, e, e.code)
try:
    raise AppError
except AppError as e:
    print("bare class raise:", repr(e), e.args, str(e) == "")
e = AppError("a", 2)
print(e, repr(e), e.args)
print(isinstance(NotFound("x"), Exception), issubclass(NotFound, AppError))
