# import a.b binds the package a; the submodule is an attribute of it and
# both are in sys.modules.
import sys
import concurrent.futures
print(type(concurrent).__name__, concurrent.__name__)
print(concurrent.futures.__name__)
print(concurrent.futures.ThreadPoolExecutor.__name__)
print('concurrent' in sys.modules, 'concurrent.futures' in sys.modules)
print(sys.modules['concurrent.futures'] is concurrent.futures)
print(sys.modules['concurrent'] is concurrent)
print(concurrent.futures is sys.modules['concurrent'].futures)
import concurrent.futures as cf
print(cf is concurrent.futures)
import concurrent.futures.thread as cft
print(cft.__name__, cft is cf.thread)
print(cft.ThreadPoolExecutor is cf.ThreadPoolExecutor)
import concurrent.futures, concurrent
print(concurrent.futures is cf)


def local_import():
    import concurrent.futures as lcf
    import concurrent.futures
    return lcf is cf and concurrent.futures is cf


print(local_import())
print('concurrent' in dir())
