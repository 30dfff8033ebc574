import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code)
try:
    sys.exit("message")
except SystemExit as e:
    print("code is the message:", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("no argument:", e.code)
try:
    raise SystemExit(2)
except BaseException as e:
    print(type(e).__name__, e.code)
try:
    sys.exit(1)
except Exception:
    print("not caught by Exception")
except SystemExit:
    print("SystemExit is not an Exception")
