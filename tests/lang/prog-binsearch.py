def bsearch(seq, target):
    lo, hi = 0, len(seq) - 1
    steps = 0
    while lo <= hi:
        steps += 1
        mid = (lo + hi) // 2
        if seq[mid] == target:
            return mid, steps
        elif seq[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1, steps

data = list(range(0, 1000, 7))
for t in [0, 7, 693, 994, 5, -1, 2000]:
    print(t, bsearch(data, t))

def insertion_sort(l):
    l = l[:]
    for i in range(1, len(l)):
        key = l[i]
        j = i - 1
        while j >= 0 and l[j] > key:
            l[j + 1] = l[j]
            j -= 1
        l[j + 1] = key
    return l

print(insertion_sort([5, 2, 9, 1, 5, 6, -3]))
