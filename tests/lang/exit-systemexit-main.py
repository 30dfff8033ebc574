import sys
def main():
    print("working")
    raise SystemExit("stopping: " + str(len(sys.argv)))
if __name__ == "__main__":
    main()
