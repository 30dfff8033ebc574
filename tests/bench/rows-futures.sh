# tests/bench/rows-futures.sh — concurrent.futures rows (sourced by run.sh):
# tests/bench/futures.py in concviz beside python3, microseconds per task.
futures_rows() {
	local cv=${CONCVIZ:-${top_builddir:-.}/src/concviz} tmp
	tmp=$(mktemp) || return
	"$cv" run --headless "$top_srcdir/tests/bench/futures.py" >"$tmp.cv" 2>/dev/null
	if [ -n "${PYTHON3:-}" ]; then
		"$PYTHON3" "$top_srcdir/tests/bench/futures.py" >"$tmp.py" 2>/dev/null
	else
		: >"$tmp.py"
	fi
	while IFS='	' read -r name value; do
		ref=$(awk -F '\t' -v n="$name" '$1 == n { print $2 }' "$tmp.py")
		row "futures: $name" "$value us" "python3 ${ref:--} us"
	done <"$tmp.cv"
	rm -f "$tmp" "$tmp.cv" "$tmp.py"
}
futures_rows
