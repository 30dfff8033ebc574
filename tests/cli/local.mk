# tests/cli: the command line (help, version, exit codes).
TESTS += tests/cli/cli.sh
EXTRA_DIST += tests/cli/cli.sh
TESTS += tests/cli/man.sh
EXTRA_DIST += tests/cli/man.sh
TESTS += tests/cli/run-summary.sh
EXTRA_DIST += tests/cli/run-summary.sh
