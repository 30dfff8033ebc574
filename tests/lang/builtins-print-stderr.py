import sys
print("to stdout")
print("to stderr", file=sys.stderr)
print("a", "b", sep="+", end="!\n", file=sys.stderr)
print("flushed", flush=True)
sys.stdout.write("written directly\n")
sys.stderr.write("stderr direct\n")
print("done")
