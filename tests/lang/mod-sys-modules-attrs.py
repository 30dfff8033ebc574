import sys
print(sys.maxsize == 9223372036854775807)
print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
print(type(sys.version).__name__, sys.version_info[0])
