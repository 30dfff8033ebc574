print(r"raw \n stays", len(r"\n"))
print(r'C:\path\to', R"\d+")
t = """first
second
  third"""
print(t)
print(len(t.split("\n")))
u = '''it's "fine"'''
print(u)
v = """\
no leading newline"""
print(v)
w = r"""raw \t triple"""
print(w)
print("""a""" + '''b''')
