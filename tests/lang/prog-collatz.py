def collatz_len(n, cache={1: 1}):
    if n in cache:
        return cache[n]
    nxt = n // 2 if n % 2 == 0 else 3 * n + 1
    r = 1 + collatz_len(nxt)
    cache[n] = r
    return r

best = max(range(1, 3000), key=collatz_len)
print(best, collatz_len(best))
print([collatz_len(i) for i in range(1, 16)])
