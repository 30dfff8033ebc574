#!/bin/sh
# tests/cli/cli.sh — the command line: help lists every subcommand, version,
# exit status 2 and a short usage line for usage errors.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$CONCVIZ" --help >"$tmp/help" 2>"$tmp/help.err"
check "--help exits 0" [ $? -eq 0 ]
for c in run replay export check list watch attach; do
	check "--help lists '$c'" grep -q "^  $c " "$tmp/help"
done
check "--help documents exit status 2" grep -q '2  usage error' "$tmp/help"
check "--help prints nothing on stderr" [ ! -s "$tmp/help.err" ]

"$CONCVIZ" --version >"$tmp/ver"
check "--version exits 0" [ $? -eq 0 ]
check "--version names the program and version" grep -q '^concviz [0-9][0-9.]*$' "$tmp/ver"
"$CONCVIZ" -V >"$tmp/ver2"
check "-V is --version" cmp -s "$tmp/ver" "$tmp/ver2"

"$CONCVIZ" --bogus >"$tmp/out" 2>"$tmp/err"
check "unknown option exits 2" [ $? -eq 2 ]
check "unknown option is named" grep -q "unknown option '--bogus'" "$tmp/err"
check "unknown option prints a usage line" grep -q '^Usage: ' "$tmp/err"
check "unknown option prints nothing on stdout" [ ! -s "$tmp/out" ]
check "usage on stderr is short" [ "$(wc -l <"$tmp/err")" -le 4 ]

"$CONCVIZ" frobnicate >"$tmp/out" 2>"$tmp/err"
check "unknown command exits 2" [ $? -eq 2 ]
check "unknown command is named" grep -q "unknown command 'frobnicate'" "$tmp/err"

"$CONCVIZ" -x 2>"$tmp/err"
check "unknown short option exits 2" [ $? -eq 2 ]
check "unknown short option is named" grep -q "unknown option '-x'" "$tmp/err"

"$CONCVIZ" run --no-such-flag x.py >/dev/null 2>"$tmp/err"
check "run: unknown option exits 2" [ $? -eq 2 ]
check "run: usage names the command" grep -q '^Usage: concviz run ' "$tmp/err"
"$CONCVIZ" run >/dev/null 2>&1
check "run without a file exits 2" [ $? -eq 2 ]
"$CONCVIZ" export x.cvz >/dev/null 2>&1
check "export without --format exits 2" [ $? -eq 2 ]
"$CONCVIZ" check >/dev/null 2>&1
check "check without a file exits 2" [ $? -eq 2 ]

for c in run export check replay list watch attach; do
	"$CONCVIZ" $c --help >"$tmp/out" 2>&1
	check "$c --help exits 0" [ $? -eq 0 ]
	check "$c --help shows its usage" grep -q "Usage: concviz $c" "$tmp/out"
done

# watch with no terminal for its view: a clear failure, never a hang.
"$CONCVIZ" watch -- true >"$tmp/out" 2>"$tmp/err" </dev/null
rc=$?
check "watch without a terminal fails (1)" [ $rc -eq 1 ]
check "watch without a terminal says why" grep -qi 'terminal' "$tmp/err"
"$CONCVIZ" watch --headless -- true
check "watch --headless runs the command (0)" [ $? -eq 0 ]
"$CONCVIZ" attach >/dev/null 2>&1
check "attach without a PID exits 2" [ $? -eq 2 ]
"$CONCVIZ" attach --headless notapid >/dev/null 2>&1
check "attach with a bad PID exits 2" [ $? -eq 2 ]
done_testing
