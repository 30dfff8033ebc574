#!/bin/sh
# tests/asyncio/py.sh — conformance of the asyncio module: each
# tests/asyncio/py/NAME.py runs under "concviz run --headless" and its stdout
# must equal NAME.out byte for byte (written by CPython 3.11). With python3
# present, each .out is also checked against CPython itself.
. "$top_srcdir/tests/tap.sh"
dir="$top_srcdir/tests/asyncio/py"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for py in "$dir"/*.py; do
	name=$(basename "$py" .py)
	(cd "$dir" && timeout 60 "$CONCVIZ" run --headless "$name.py") \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$dir/$name.out"; then
		ok "$name: same output as CPython"
	else
		not_ok "$name: exit $rc, output differs from CPython"
		diff "$dir/$name.out" "$tmp/out" | sed 's/^/# /' | head -20
		sed 's/^/# stderr: /' "$tmp/err" | head -10
	fi
	if [ -z "$PYTHON3" ]; then
		skip "$name.out against python3 (no python3)"
	else
		(cd "$dir" && timeout 60 "$PYTHON3" "$name.py") >"$tmp/pout" \
		    2>/dev/null
		if cmp -s "$tmp/pout" "$dir/$name.out"; then
			ok "$name.out is CPython's output"
		else
			not_ok "$name.out is CPython's output"
			diff "$dir/$name.out" "$tmp/pout" | sed 's/^/# /' | head -20
		fi
	fi
done
done_testing
