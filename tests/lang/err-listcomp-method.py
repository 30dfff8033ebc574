class Node:
    def __init__(self, v):
        self.v = v
    def check(self):
        if self.v < 0:
            raise ValueError(f"negative: {self.v}")
        return self.v

def walk(nodes):
    return [n.check() for n in nodes]

print(walk([Node(1), Node(2)]))
walk([Node(1), Node(-5)])
