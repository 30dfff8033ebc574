pairs = [
    (ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError),
    (ArithmeticError, Exception), (KeyError, LookupError), (IndexError, LookupError),
    (LookupError, Exception), (ValueError, Exception), (TypeError, Exception),
    (RecursionError, RuntimeError), (NotImplementedError, RuntimeError),
    (UnboundLocalError, NameError), (StopIteration, Exception),
    (Exception, BaseException), (KeyboardInterrupt, Exception),
    (KeyboardInterrupt, BaseException), (SystemExit, Exception),
    (AttributeError, Exception), (AssertionError, Exception), (KeyError, IndexError),
]
for sub, sup in pairs:
    print(sub.__name__, sup.__name__, issubclass(sub, sup))
try:
    {}["k"]
except LookupError as e:
    print("caught as LookupError:", type(e).__name__)
try:
    1 / 0
except ArithmeticError as e:
    print("caught as ArithmeticError:", type(e).__name__)
