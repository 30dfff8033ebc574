# from-imports of names and of submodules of a package.
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import wait as futures_wait, FIRST_COMPLETED
from concurrent import futures
from concurrent.futures import process
from concurrent.futures.process import ProcessPoolExecutor, BrokenProcessPool
from concurrent.futures._base import Future as BaseFuture
import sys
print(ThreadPoolExecutor.__module__, as_completed.__name__)
print(futures_wait.__name__, FIRST_COMPLETED)
print(futures is sys.modules['concurrent.futures'])
print(process is sys.modules['concurrent.futures.process'])
print(ProcessPoolExecutor is futures.ProcessPoolExecutor)
print(BrokenProcessPool.__mro__[1].__name__, BrokenProcessPool.__mro__[2].__name__)
print(BaseFuture is futures.Future)
print(futures.CancelledError, futures.InvalidStateError)
print(futures.TimeoutError is TimeoutError)
print(futures.ALL_COMPLETED, futures.FIRST_EXCEPTION)
