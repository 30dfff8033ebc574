#!/bin/sh
# tests/unit/line-coalesce.sh — LINE events are coalesced: a tight loop that
# spans several lines is recorded without losing events, with far fewer LINE
# events than line changes, and a thread's last line before it prints is the
# line of the print.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/loop.py" <<'PY'
def work(n):
    i = 0
    total = 0
    while i < n:
        total += i
        i += 1
    return total
x = work(2000000)
print(x)
PY
"$CONCVIZ" run --headless --record="$tmp/loop.cvz" "$tmp/loop.py" >"$tmp/out" 2>"$tmp/err"
check "the loop runs" [ $? -eq 0 ]
check "its output is right" [ "$(cat "$tmp/out")" = 1999999000000 ]
"$CONCVIZ" export --format=summary "$tmp/loop.cvz" >"$tmp/sum" 2>&1
check "no event was lost" grep -q 'overflow: none' "$tmp/sum"
lines=$(sed -n 's/.*events by kind:.* line \([0-9]*\).*/\1/p' "$tmp/sum")
diag "LINE events: ${lines:-none} for 6000000 line changes"
check "LINE events are coalesced (fewer than 1 per 100 changes)" [ -n "$lines" ] && [ "$lines" -lt 60000 ]
check "LINE events are still emitted" [ -n "$lines" ] && [ "$lines" -gt 0 ]
"$CONCVIZ" export --format=text "$tmp/loop.cvz" >"$tmp/text" 2>&1
last=$(grep -B1 'printed' "$tmp/text" | head -1)
diag "before the print: $last"
check "the line before the output is the print's line (9)" \
    sh -c "grep -B1 'printed' '$tmp/text' | head -1 | grep -q 'line 9'"
done_testing
