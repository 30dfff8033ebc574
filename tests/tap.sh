# tests/tap.sh — tiny TAP helpers for the shell suites. Source it, call
# plan N (or plan_lazy), then ok/not_ok/check, and finish with done_testing.
tap_n=0
tap_failed=0
tap_planned=
plan() { echo "1..$1"; tap_planned=$1; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - # SKIP $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
done_testing() { [ -n "$tap_planned" ] || echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
