#!/bin/sh
# tests/lang/errors.sh — compile errors and run-time failures: exit codes, the
# FILE:LINE:COL format with the source line and a caret, constructs outside
# the subset, deep nesting and runaway recursion (never a crash or a hang),
# tracebacks in CPython's format, and `concviz check`.
. "$top_srcdir/tests/tap.sh"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# run FILE: run a program; leaves out, err and rc.
run() {
	timeout 20 "$CONCVIZ" run --headless "$@" >out 2>err </dev/null
	rc=$?
}

# compile_error NAME SOURCE LINE COL MESSAGE-PATTERN: `concviz check` and
# `concviz run` both report FILE:LINE:COL: error: MESSAGE, exit 1.
compile_error() {
	local name=$1 src=$2 line=$3 col=$4 pat=$5 why=
	printf '%s' "$src" >"$name.py"
	timeout 20 "$CONCVIZ" check "$name.py" >out 2>err
	rc=$?
	[ "$rc" = 1 ] || why="check exit $rc"
	head -n 1 err | grep -q "^$name.py:$line:$col: error: $pat" ||
		why="$why; first line: $(head -n 1 err)"
	[ -s out ] && why="$why; stdout not empty"
	run "$name.py"
	[ "$rc" = 1 ] || why="$why; run exit $rc"
	head -n 1 err | grep -q "^$name.py:$line:$col: error: $pat" ||
		why="$why; run first line: $(head -n 1 err)"
	if [ -z "$why" ]; then
		ok "$name: $line:$col $pat"
	else
		not_ok "$name: $line:$col $pat"
		diag "$why" "$(cat err)"
	fi
}

compile_error syntax 'x = 1
y = (2 +
' 2 5 "'(' was never closed"
compile_error bad-token 'print(1)
x = 3 $ 4
' 2 7 'invalid syntax'
compile_error unterminated 'a = 1
s = "abc
' 2 5 'unterminated string literal (detected at line 2)'
compile_error indent 'if True:
print(1)
' 2 1 'expected an indented block'
compile_error unindent 'if True:
        x = 1
    y = 2
' 3 5 'unindent does not match any outer indentation level'
compile_error match 'x = 3
match x:
    case 3:
        pass
' 2 1 "'match' statements are not supported"
compile_error await-outside 'x = await f()
' 1 5 "'await' outside function"
compile_error await-sync 'def f():
    y = await g()
' 2 9 "'await' outside async function"
compile_error async-with-sync 'def f():
    async with a:
        pass
' 2 5 "'async with' outside async function"
compile_error async-for-sync 'def f():
    async for x in a:
        pass
' 2 5 "'async for' outside async function"
compile_error return-outside 'return 5
' 1 1 "'return' outside function"
compile_error break-outside 'break
' 1 1 "'break' outside loop"
compile_error assign-literal '1 = x
' 1 1 'cannot assign to literal'
compile_error nonlocal-missing 'def f():
    def g():
        nonlocal q
        q = 1
' 3 9 "no binding for nonlocal 'q' found"
compile_error dup-arg 'def f(a, a):
    pass
' 1 10 "duplicate argument 'a'"
compile_error fstring-brace 'x = f"{"
' 1 5 "f-string: expecting '}'"

# The caret sits under the column named in the message.
printf 'value = 10\nresult = value +* 2\n' >caret.py
"$CONCVIZ" check caret.py 2>err
rc=$?
line2=$(sed -n 2p err)
line3=$(sed -n 3p err)
col=$(head -n 1 err | sed 's/^caret.py:2:\([0-9]*\):.*/\1/')
caretcol=$(printf '%s\n' "$line3" | awk '{ print index($0, "^") - 4 }')
if [ "$rc" = 1 ] && [ "$line2" = "    result = value +* 2" ] && [ "$caretcol" = "$col" ]; then
	ok "caret under the reported column"
else
	not_ok "caret under the reported column"
	diag "rc=$rc" "$(cat err)"
fi

# Deep nesting is an error, never a crash.
deep() {
	local name=$1 src=$2
	printf '%s\n' "$src" >"$name.py"
	timeout 20 "$CONCVIZ" check "$name.py" >out 2>err
	rc=$?
	if [ "$rc" = 1 ] && head -n 1 err | grep -q "^$name.py:[0-9]*:[0-9]*: error: "; then
		ok "$name: an error, not a crash"
	else
		not_ok "$name: an error, not a crash"
		diag "rc=$rc" "$(head -c 600 err)"
	fi
}
deep parens "x = $(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "("; printf "1"; for (i = 0; i < 5000; i++) printf ")" }')"
deep unary "x = $(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "-"; printf "1" }')"
deep nots "x = $(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "not "; printf "1" }')"
deep power "x = 2$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "**2" }')"
deep blocks "$(awk 'BEGIN { for (i = 0; i < 300; i++) { for (j = 0; j < i; j++) printf " "; print "if x:" } for (j = 0; j < 300; j++) printf " "; print "pass" }')"

# Bytes that are not Python at all: an error, not a crash.
printf '\001\002\377\376\000zz' >garbage.py
timeout 20 "$CONCVIZ" check garbage.py >out 2>err
rc=$?
if [ "$rc" = 1 ] && grep -q "^garbage.py:1:[0-9]*: error: " err; then
	ok "binary garbage: an error"
else
	not_ok "binary garbage: an error"
	diag "rc=$rc" "$(head -c 300 err)"
fi

# Runaway recursion is a RecursionError with a traceback, exit 1.
printf 'def f(n):\n    return f(n + 1) + 1\n\nf(0)\n' >recurse.py
run recurse.py
if [ "$rc" = 1 ] && [ "$(head -n 1 err)" = "Traceback (most recent call last):" ] &&
    [ "$(tail -n 1 err)" = "RecursionError: maximum recursion depth exceeded" ]; then
	ok "runaway recursion: RecursionError, exit 1"
else
	not_ok "runaway recursion: RecursionError, exit 1"
	diag "rc=$rc" "$(tail -n 3 err)"
fi
# ... also through __repr__ and __init__ (C re-entering Python).
printf 'class A:\n    def __repr__(self):\n        return repr(self)\nprint(A())\n' >recurse-repr.py
run recurse-repr.py
if [ "$rc" = 1 ] && tail -n 1 err | grep -q "^RecursionError: maximum recursion depth exceeded"; then
	ok "recursion through __repr__: RecursionError"
else
	not_ok "recursion through __repr__: RecursionError"
	diag "rc=$rc" "$(tail -n 3 err)"
fi
printf 'class N:\n    def __init__(self, d):\n        self.c = N(d + 1)\nN(0)\n' >recurse-init.py
run recurse-init.py
if [ "$rc" = 1 ] && tail -n 1 err | grep -q "^RecursionError: maximum recursion depth exceeded"; then
	ok "recursion through __init__: RecursionError"
else
	not_ok "recursion through __init__: RecursionError"
	diag "rc=$rc" "$(tail -n 3 err)"
fi

# A traceback in CPython's format.
cat >tb.py <<'PY'
def inner(x):
    return 10 // x

def outer():
    print("before")
    return inner(0)

outer()
PY
run tb.py
cat >want <<'TXT'
Traceback (most recent call last):
  File "tb.py", line 8, in <module>
    outer()
  File "tb.py", line 6, in outer
    return inner(0)
  File "tb.py", line 2, in inner
    return 10 // x
ZeroDivisionError: integer division or modulo by zero
TXT
if [ "$rc" = 1 ] && cmp -s want err && [ "$(cat out)" = before ]; then
	ok "traceback in CPython's format"
else
	not_ok "traceback in CPython's format"
	diag "rc=$rc" "$(cat err)"
fi

# SystemExit carries its code; 64-bit overflow is an OverflowError.
printf 'import sys\nprint("x")\nsys.exit(7)\n' >exit7.py
run exit7.py
check "sys.exit(7) exits 7" [ "$rc" = 7 ]
printf 'x = 2 ** 62\nprint(x * 4)\n' >overflow.py
run overflow.py
if [ "$rc" = 1 ] && tail -n 1 err | grep -q "^OverflowError: integer overflow"; then
	ok "int overflow: OverflowError"
else
	not_ok "int overflow: OverflowError"
	diag "rc=$rc" "$(tail -n 2 err)"
fi

# concviz check: several files, the good ones silent.
printf 'print("fine")\n' >good.py
printf 'def f(:\n' >bad.py
timeout 20 "$CONCVIZ" check good.py >out 2>err
check "check: a good file exits 0 silently" [ "$?" = 0 ] && [ ! -s out ] && [ ! -s err ]
timeout 20 "$CONCVIZ" check good.py bad.py good.py >out 2>err
rc=$?
if [ "$rc" = 1 ] && [ "$(grep -c ': error: ' err)" = 1 ] && grep -q '^bad.py:1:' err; then
	ok "check: one bad file among good ones exits 1, one report"
else
	not_ok "check: one bad file among good ones exits 1, one report"
	diag "rc=$rc" "$(cat err)"
fi
timeout 20 "$CONCVIZ" check missing.py >out 2>err
check "check: a missing file exits 1" [ "$?" = 1 ]
check "check: a good file does not run" [ ! -s out ]

done_testing
