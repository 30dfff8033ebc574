#!/bin/sh
# tests/unit/test-trace-export.sh — "concviz export" on a recording made by
# the library (tests/unit/trace-mkrec): the narration and the summary say
# what happened; cut and damaged files behave as concviz-recording(5) says.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
rec=$tmp/story.cvz

"$top_builddir/tests/unit/trace-mkrec" "$rec"
check "the library wrote a recording" [ -s "$rec" ]

"$CONCVIZ" export --format=text "$rec" >"$tmp/text" 2>"$tmp/err"
check "export text exits 0" [ $? -eq 0 ]
check "export text is quiet on stderr" [ ! -s "$tmp/err" ]
has() { grep -Eq "$1" "$tmp/text" || { diag "missing: $1"; return 1; }; }
check "narration: drop request" has '^ +[0-9]+\.[0-9]{6}  Thread-2 waited [0-9.]+ [mun]?s for the GIL and set a drop request for Thread-1$'
check "narration: forced drop" has '  Thread-1 dropped the GIL at its next check \(forced\)$'
check "narration: handoff" has '  Thread-2 took the GIL from Thread-1 after waiting 5\.0 ms$'
check "narration: state change with object" has '  Thread-1 went from Runnable \(running\) to Blocked/Waiting on a lock \(Lock-1\)$'
check "narration: timed wait" has '  Thread-2 went from Runnable \(running\) to Timed Waiting on sleep for '
check "narration: output" has '  Thread-2 printed: hello from Thread-2$'
check "narration: contention" has '  Thread-1 found Lock-1 held by Thread-2$'
check "narration: creation" has '  Thread-1 \(thread\) was created by MainThread$'
check "narration: annotation" has '  Note: the end$'
check "narration: setting" has '  The switch interval is 5\.0 ms$'
# The story's order is fixed: the drop request comes before the forced drop,
# which comes before the take.
order=$(grep -nE 'set a drop request|\(forced\)|took the GIL from Thread-1' "$tmp/text" | cut -d: -f1 | tr '\n' ' ')
check "narration keeps the story's order" [ "$(echo $order | tr ' ' '\n' | sort -n | tr '\n' ' ')" = "$order" ]

"$CONCVIZ" export --format=summary "$rec" >"$tmp/sum"
check "export summary exits 0" [ $? -eq 0 ]
hs() { grep -Eq "$1" "$tmp/sum" || { diag "missing: $1"; return 1; }; }
check "summary: header" hs '^Recording of story\.py \(concviz [0-9.]+\)$'
check "summary: handoffs" hs '^  takes 3, handoffs 2, drop requests 1$'
check "summary: handoffs by reason" hs 'handoffs by reason: forced 1 blocking 1 '
check "summary: thread rows" hs '^  Thread-1 +thread .* Terminated \(exit code 0\)$'
check "summary: GIL holders" hs '^  GIL held by: Thread-1 [0-9.]+ [mun]?s \([0-9]+%\), Thread-2 '
check "summary: overflow" hs 'overflow: none'
n=$(sed -n 's/^Events: \([0-9]*\) .*/\1/p' "$tmp/sum")
check "one narration line per event ($n)" [ "$(wc -l <"$tmp/text")" -eq "$n" ]

"$CONCVIZ" export --format=summary -o "$tmp/out" "$rec"
check "-o writes the file" cmp -s "$tmp/out" "$tmp/sum"

# Cut short: exported up to the last whole chunk, with a warning.
size=$(wc -c <"$rec")
head -c $((size - 20)) "$rec" >"$tmp/cut.cvz"
"$CONCVIZ" export --format=text "$tmp/cut.cvz" >"$tmp/cut.txt" 2>"$tmp/err"
check "a cut file exports (exit 0)" [ $? -eq 0 ]
check "a cut file says so" grep -q 'cut short' "$tmp/err"
check "a cut file keeps its events" cmp -s "$tmp/cut.txt" "$tmp/text"

# Damaged in the middle: exit 1 and "concviz export: FILE: offset N: ...".
cp "$rec" "$tmp/bad.cvz"
printf '\377' | dd of="$tmp/bad.cvz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
"$CONCVIZ" export --format=text "$tmp/bad.cvz" >/dev/null 2>"$tmp/err"
check "a damaged file fails with 1" [ $? -eq 1 ]
check "the error names file and offset" grep -Eq "^concviz export: $tmp/bad\.cvz: offset [0-9]+: " "$tmp/err"
diag "$(cat "$tmp/err")"

echo "print('not a recording')" >"$tmp/x.py"
"$CONCVIZ" export --format=text "$tmp/x.py" >/dev/null 2>"$tmp/err"
check "not a recording fails with 1" [ $? -eq 1 ]
check "not a recording: offset 0" grep -q "x.py: offset 0: not a concviz recording" "$tmp/err"

"$CONCVIZ" export --format=nope "$rec" >/dev/null 2>&1
check "unknown format is a usage error" [ $? -eq 2 ]
"$CONCVIZ" export --format=text "$tmp/missing.cvz" >/dev/null 2>"$tmp/err"
check "a missing file fails with 1" [ $? -eq 1 ]
done_testing
