#!/bin/sh
# tests/unit/test-export-formats.sh — "concviz export" to chrome, svg and
# asciicast on a recording made by the library (tests/unit/trace-mkrec):
# the files parse (python3's json and xml.etree, when $PYTHON3 is set) and
# hold what the run did; options and errors behave as documented.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
rec=$tmp/story.cvz
pycheck() { "$PYTHON3" "$top_srcdir/tests/unit/export-check.py" "$@" >"$tmp/py" 2>&1; r=$?; diag "$(cat "$tmp/py")"; return $r; }

"$top_builddir/tests/unit/trace-mkrec" "$rec"
check "the library wrote a recording" [ -s "$rec" ]

for f in chrome svg asciicast; do
	"$CONCVIZ" export --format=$f -o "$tmp/out.$f" "$rec" 2>"$tmp/err"
	check "export $f exits 0" [ $? -eq 0 ]
	check "export $f is quiet on stderr" [ ! -s "$tmp/err" ]
done

# chrome: every thread of the run is a named track; the structure holds.
check "chrome: object form" grep -q '^{"traceEvents":\[' "$tmp/out.chrome"
check "chrome: a flow for the GIL handoff" grep -q '"ph":"s","pid":[0-9]*,"tid":[0-9]*,"name":"GIL handoff"' "$tmp/out.chrome"
check "chrome: blocked on the lock by name" grep -q '"name":"Blocked/Waiting: lock Lock-1"' "$tmp/out.chrome"
check "chrome: Thread-1 ends with exit code 0" grep -q '"name":"Terminated","cat":"state","s":"t","ts":[0-9.]*,"args":{"exit_code":0}' "$tmp/out.chrome"
check "chrome: the contended lock" grep -q '"name":"lock contended",.*"args":{"lock":"Lock-1","holder":"Thread-2"}' "$tmp/out.chrome"
check "chrome: the output line" grep -q '"text":"hello from Thread-2\\n"' "$tmp/out.chrome"
# svg: one row per process/thread; names escaped.
check "svg: starts as XML" grep -q '^<?xml version="1.0"' "$tmp/out.svg"
check "svg: title names the program" grep -q '<text class="title"[^>]*>concviz — story.py</text>' "$tmp/out.svg"
# asciicast: header first, then timed output events.
check "asciicast: v2 header" grep -q '^{"version": 2, "width": 100, "height": 30, ' "$tmp/out.asciicast"
check "asciicast: output events" grep -q '^\[0.000000, "o", "' "$tmp/out.asciicast"

if [ -n "$PYTHON3" ]; then
	check "chrome parses: tracks, slices, flows" pycheck chrome "$tmp/out.chrome" MainThread Thread-1 Thread-2 GIL Lock-1 "MainProcess (process)"
	check "svg parses: 4 lanes, bars inside the axis" pycheck svg "$tmp/out.svg" 4 MainProcess MainThread Thread-1 Thread-2 GIL
	check "asciicast parses: times increase, names on screen" pycheck asciicast "$tmp/out.asciicast" Thread-1 Thread-2 MainThread
	"$CONCVIZ" export -f asciicast --size=120x40 --speed=0.01 --fps=5 -o "$tmp/big.cast" "$rec"
	check "asciicast --size=120x40" pycheck asciicast "$tmp/big.cast" size=120x40 Thread-2
else
	skip "chrome parses (no python3)"
	skip "svg parses (no python3)"
	skip "asciicast parses (no python3)"
	skip "asciicast --size (no python3)"
fi

# A slower speed makes a longer cast: the playhead follows --speed.
last() { tail -1 "$1" | sed 's/^\[\([0-9.]*\),.*/\1/'; }
"$CONCVIZ" export -f asciicast --fps=2 --to=200us --speed=0.0001 -o "$tmp/s1.cast" "$rec"
"$CONCVIZ" export -f asciicast --fps=2 --to=200us --speed=0.00002 -o "$tmp/s2.cast" "$rec"
check "asciicast: --speed 5x slower lasts longer" awk -v a="$(last "$tmp/s1.cast")" -v b="$(last "$tmp/s2.cast")" 'BEGIN { exit !(b > 3 * a) }'

# svg --width: the picture's width; --from/--to narrow the range.
"$CONCVIZ" export -f svg --width=800 "$rec" >"$tmp/w.svg"
check "svg --width=800" grep -q '<svg [^>]*width="800"' "$tmp/w.svg"
"$CONCVIZ" export -f chrome --to=1ns "$rec" >"$tmp/early.json"
check "chrome --to=1ns leaves the output out" sh -c "! grep -q 'hello from' '$tmp/early.json'"
check "chrome --to=1ns keeps the names" grep -q '"name":"Thread-2"' "$tmp/early.json"
"$CONCVIZ" export -f text --from=1000s "$rec" >"$tmp/late.txt"
check "text --from beyond the end is empty" [ ! -s "$tmp/late.txt" ]
"$CONCVIZ" export -f chrome --from=1000s "$rec" >/dev/null 2>"$tmp/err"
check "chrome --from beyond the end fails with 1" [ $? -eq 1 ]
check "... and says why" grep -q 'after the end of the recording' "$tmp/err"
"$CONCVIZ" export -f svg --width=12 "$rec" >/dev/null 2>&1
check "svg --width=12 is a usage error" [ $? -eq 2 ]
"$CONCVIZ" export -f asciicast --size=10 "$rec" >/dev/null 2>&1
check "asciicast --size=10 is a usage error" [ $? -eq 2 ]
"$CONCVIZ" export -f chrome --from=2ms --to=1ms "$rec" >/dev/null 2>&1
check "--to before --from is a usage error" [ $? -eq 2 ]

# Damaged: exit 1 and "concviz export: FILE: offset N: ...", for each format.
size=$(wc -c <"$rec")
cp "$rec" "$tmp/bad.cvz"
printf '\377' | dd of="$tmp/bad.cvz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
for f in chrome svg asciicast; do
	"$CONCVIZ" export --format=$f "$tmp/bad.cvz" >"$tmp/out" 2>"$tmp/err"
	check "$f: a damaged file fails with 1" [ $? -eq 1 ]
	check "$f: the error names file and offset" grep -Eq "^concviz export: $tmp/bad\.cvz: offset [0-9]+: " "$tmp/err"
done
done_testing
