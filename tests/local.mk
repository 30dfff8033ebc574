# tests/: every suite adds itself here through its own fragment.
include tests/cli/local.mk
include tests/unit/local.mk
include tests/lang/local.mk
include tests/rt/local.mk
include tests/proc/local.mk
include tests/ui/local.mk
include tests/watch/local.mk
include tests/fuzz/local.mk
include tests/bench/local.mk
EXTRA_DIST += tests/tap.sh
