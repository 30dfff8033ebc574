# Missing modules and names raise what CPython raises.
try:
    import concurrent.foo
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    import concurrent.futures.nosuch
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    import nosuchpkg.sub
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    import time.foo
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    from concurrent import nosuch
except ImportError as e:
    print(type(e).__name__, str(e).startswith(
        "cannot import name 'nosuch' from 'concurrent'"))
try:
    from concurrent.futures import NoSuchExecutor
except ImportError as e:
    print(type(e).__name__, str(e).startswith(
        "cannot import name 'NoSuchExecutor' from 'concurrent.futures'"))
try:
    from concurrent.nosuch import x
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
print(issubclass(ModuleNotFoundError, ImportError))
import concurrent.futures
print('ok')
