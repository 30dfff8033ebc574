# "from package import *" takes the names of the package's __all__.
from concurrent.futures import *
print(sorted(k for k in dir() if not k.startswith('_')))
print(ThreadPoolExecutor.__name__, wait.__name__, FIRST_COMPLETED)
from math import *
print(floor(2.5))
