def attempt(label, f):
    try:
        print(label, f())
    except (ValueError, IndexError, KeyError, TypeError) as e:
        print(label, type(e).__name__, e)

attempt("missing index", lambda: "{} {}".format(1))
attempt("missing key", lambda: "{k}".format())
attempt("bad type", lambda: "{:d}".format("s"))
attempt("bad spec", lambda: "{:d}".format(1.5))
attempt("percent few", lambda: "%s %s" % ("a",))
attempt("percent many", lambda: "%s" % ("a", "b"))
attempt("percent d str", lambda: "%d" % "x")
attempt("unmatched brace", lambda: "{".format())
attempt("single close", lambda: "}".format())
