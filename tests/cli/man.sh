#!/bin/sh
# tests/cli/man.sh — every manual page renders without a warning, and
# concviz(1) documents every subcommand the program lists in --help.
. "$top_srcdir/tests/tap.sh"
for m in "$top_srcdir"/man/*.[0-9]; do
	name=$(basename "$m")
	if command -v groff >/dev/null 2>&1; then
		w=$(LC_ALL=C groff -ww -z -mandoc "$m" 2>&1)
		check "$name renders without warnings" [ -z "$w" ]
		[ -z "$w" ] || diag "$w"
	else
		skip "$name: groff not installed"
	fi
done
for c in $("$CONCVIZ" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
	check "concviz.1 documents '$c'" grep -q "^\.It Cm $c" "$top_srcdir/man/concviz.1"
done
done_testing
