# A package does not hold its submodules until they are imported.
import concurrent
print(hasattr(concurrent, 'futures'))
import sys
print('concurrent.futures' in sys.modules)
import concurrent.futures
print(hasattr(concurrent, 'futures'))
print(concurrent.futures.Future.__name__)
