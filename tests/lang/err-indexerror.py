def last(seq):
    return seq[len(seq)]

last([1, 2, 3])
