#!/bin/sh
# tests/ui/scenarios.sh — the shipped catalogue: "concviz list" shows every
# topic in SPEC order with the file each scenario comes from, user scenarios
# from $XDG_DATA_HOME are added, bad headers are skipped with a note, and every
# shipped scenario runs unchanged under python3 (when python3 is present).
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

XDG_DATA_HOME=$tmp/xdg; export XDG_DATA_HOME
"$CONCVIZ" list >"$tmp/out" 2>"$tmp/err"
check "list exits 0" [ $? -eq 0 ]
check "list prints nothing on stderr for the shipped catalogue" [ ! -s "$tmp/err" ]
n=$(ls "$top_srcdir"/data/scenarios/*.py | wc -l)
m=$(grep -c "$top_srcdir/data/scenarios/" "$tmp/out")
check "every shipped scenario is listed with its path ($m of $n)" [ "$m" -eq "$n" ]
grep -v '^ ' "$tmp/out" | grep -v '^$' >"$tmp/topics"
printf '%s\n' Processes "Threads and states" Synchronization "The GIL" asyncio \
    IPC "Pools and executors" >"$tmp/want"
check "topics appear in SPEC order" cmp -s "$tmp/topics" "$tmp/want"
check "the notes' threading example is listed" grep -q "The notes' threading example" "$tmp/out"

# Every shipped file is in data/local.mk (so it is installed and distributed).
for f in "$top_srcdir"/data/scenarios/*.py; do
	b=$(basename "$f")
	grep -q "data/scenarios/$b" "$top_srcdir/data/local.mk" || not_ok "$b is in data/local.mk"
done
ok "data/local.mk lists every shipped scenario"

# User scenarios: a good one is added, a bad one is skipped with a note.
mkdir -p "$tmp/xdg/concviz/scenarios"
printf '# title: My own lesson\n# topic: IPC\n# description: mine\nprint(1)\n' \
    >"$tmp/xdg/concviz/scenarios/mine.py"
printf '# title: Broken\n# topic: Cooking\n# description: x\n' \
    >"$tmp/xdg/concviz/scenarios/broken.py"
printf 'print("no header")\n' >"$tmp/xdg/concviz/scenarios/plain.py"
"$CONCVIZ" list >"$tmp/out" 2>"$tmp/err"
check "list with bad user files still exits 0" [ $? -eq 0 ]
check "the user's scenario is listed under its topic" \
    sh -c "sed -n '/^IPC\$/,/^\$/p' '$tmp/out' | grep -q 'My own lesson.*xdg/concviz/scenarios/mine.py'"
check "a bad topic is reported with the file name" \
    grep -q "skipped .*broken.py: unknown topic 'Cooking'" "$tmp/err"
check "a file without a header is reported" grep -q "skipped .*plain.py: no header" "$tmp/err"
check "the bad files are not listed" sh -c "! grep -q 'Broken' '$tmp/out'"

# An empty catalogue says where it looked.
CONCVIZ_DATA_DIR=$tmp/none XDG_DATA_HOME=$tmp/none "$CONCVIZ" list >"$tmp/out" 2>&1
check "an empty catalogue names the directories searched" grep -q "$tmp/none/scenarios" "$tmp/out"

# The asyncio scenarios run under concviz itself (the libev event loop).
for f in "$top_srcdir"/data/scenarios/asyncio-*.py; do
	b=$(basename "$f")
	timeout 60 "$CONCVIZ" run --headless "$f" >"$tmp/cv.out" 2>"$tmp/cv.err"
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$tmp/cv.out" ] && [ ! -s "$tmp/cv.err" ]; then
		ok "$b runs under concviz"
	else
		not_ok "$b runs under concviz (exit $rc)"
		diag "$(cat "$tmp/cv.out" "$tmp/cv.err")"
	fi
done

if [ -n "$PYTHON3" ]; then
	for f in "$top_srcdir"/data/scenarios/*.py; do
		b=$(basename "$f")
		if timeout 60 "$PYTHON3" "$f" >"$tmp/py.out" 2>"$tmp/py.err"; then
			ok "$b runs under python3"
		else
			not_ok "$b runs under python3"; diag "$(cat "$tmp/py.err")"
		fi
	done
else
	skip "python3 not found: scenarios not checked against CPython"
fi
done_testing
