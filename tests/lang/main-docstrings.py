def documented():
    """One line."""

def multi():
    """First line.

    Details after a blank line.
    """
    return 1

class Thing:
    """A class docstring."""

    def method(self):
        "Single-quoted docstring."
        return "m"

print(documented.__doc__)
print(repr(multi.__doc__))
print(Thing.__doc__, Thing().method.__doc__, Thing().method())
print(documented())
def no_doc():
    x = 1
    """not a docstring"""
print(no_doc.__doc__)
