#!/bin/sh
# tests/lang/xfail-update.sh — rewrite tests/lang/xfail.list so that it names
# exactly the programs concviz fails now (the python3 lines are ignored).
#
# Usage: CONCVIZ=_b/src/concviz tests/lang/xfail-update.sh
#
# Review `git diff tests/lang/xfail.list` afterwards: a name that comes back
# is a regression, not something to list again.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CONCVIZ:?set CONCVIZ to the concviz binary}"
CONCVIZ=$(cd "$(dirname "$CONCVIZ")" && pwd)/$(basename "$CONCVIZ")
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
unset LANG_TESTS
top_srcdir=$(cd "$here/../.." && pwd) CONCVIZ=$CONCVIZ PYTHON3= \
	sh "$here/run.sh" >"$tmp"
{
	awk '!/^#/ { exit } { print }' "$here/xfail.list"
	sed -n 's/^not ok [0-9]* - \([^ ]*\)\( # TODO.*\)\{0,1\}$/\1/p' "$tmp" |
		grep -v -e '^python3$' -e '\.list$' | LC_ALL=C sort
} >"$here/xfail.list.new" && mv "$here/xfail.list.new" "$here/xfail.list"
echo "xfail.list: $(grep -vc '^#' "$here/xfail.list") programs still fail"
