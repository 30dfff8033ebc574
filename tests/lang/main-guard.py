"""Module docstring: this program shows the main guard."""

def main():
    print("main called")
    return 0

print("__name__ is", __name__)
print(__doc__)
if __name__ == "__main__":
    main()
else:
    print("imported")
