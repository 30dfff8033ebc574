#!/bin/sh
# tests/bench/lang.sh — the language rows of "make bench": each micro program
# runs once in concviz and once in python3 (when installed); prints
# NAME<TAB>VALUE<TAB>UNIT<TAB>TARGET lines for tests/bench/run.sh.
src=${top_srcdir:-.}/tests/bench
cv=${CONCVIZ:-${top_builddir:-.}/src/concviz}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Milliseconds taken by a command (its output discarded).
ms() {
	local s e
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1 </dev/null
	e=$(date +%s%N)
	echo $(( (e - s) / 1000000 ))
}

for p in countdown fib methods strings build; do
	c=$(ms "$cv" run --headless "$src/lang-$p.py")
	printf 'lang %s: concviz\t%s\tms\t<= python3\n' "$p" "$c"
	if [ -n "${PYTHON3:-}" ]; then
		py=$(ms "$PYTHON3" "$src/lang-$p.py")
		printf 'lang %s: python3\t%s\tms\treference\n' "$p" "$py"
		printf 'lang %s: concviz / python3\t%s\tratio\t<= 1.00\n' "$p" \
		    "$(awk -v a="$c" -v b="$py" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
	fi
done
# Instrumentation: the same program recorded (LINE and OUTPUT events on).
# Best of three of each: the program is short and the ratio is small.
best3() {
	local a b c
	a=$(ms "$@"); b=$(ms "$@"); c=$(ms "$@")
	[ "$b" -lt "$a" ] && a=$b
	[ "$c" -lt "$a" ] && a=$c
	echo "$a"
}
c=$(best3 "$cv" run --headless "$src/lang-fib.py")
r=$(best3 "$cv" run --headless --record="$tmp/fib.cvz" "$src/lang-fib.py")
printf 'lang fib: recorded / plain (a LINE per line change)\t%s\tratio\t<= 1.03\n' \
    "$(awk -v a="$r" -v b="$c" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
