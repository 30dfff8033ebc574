import sys

def main():
    print("main runs")
    sys.exit()

main()
print("unreachable")
