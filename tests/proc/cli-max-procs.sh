#!/bin/sh
# tests/proc/cli-max-procs.sh — the --max-procs option of "concviz run".
. "$top_srcdir/tests/tap.sh"
plan 4
out=$("$CONCVIZ" run --help)
case $out in *--max-procs=N*) ok "run --help documents --max-procs" ;;
*) not_ok "run --help documents --max-procs" ;; esac
err=$("$CONCVIZ" run --max-procs=0 x.py 2>&1 >/dev/null); rc=$?
check "--max-procs=0 is a usage error (status 2)" [ "$rc" -eq 2 ]
case $err in *"bad process limit '0'"*) ok "the error names the bad value" ;;
*) not_ok "the error names the bad value: $err" ;; esac
err=$("$CONCVIZ" run --max-procs=12 x.py 2>&1 >/dev/null)
case $err in *"bad process limit"*) not_ok "--max-procs=12 is accepted" ;;
*) ok "--max-procs=12 is accepted" ;; esac
done_testing
