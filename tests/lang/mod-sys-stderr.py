import sys
sys.stderr.write("error line 1\n")
print("out line", file=sys.stdout)
print("error line 2", file=sys.stderr)
print(sys.stdout is not sys.stderr)
