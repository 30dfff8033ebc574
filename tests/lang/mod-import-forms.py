import math
import sys, time
from math import sqrt, pi as PI
from random import seed, random
print(sqrt(9), round(PI, 2))
seed(0)
x = random()
seed(0)
print(x == random())
import math as m
print(m is math, m.floor(1.5))
print(type(sys).__name__, type(time).__name__)
