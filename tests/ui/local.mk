# tests/ui: the scenario catalogue, the view (rendered into a virtual
# terminal) and the whole TUI end to end through tmux.
check_PROGRAMS += tests/ui/scenario-test
tests_ui_scenario_test_SOURCES = tests/ui/scenario-test.c
tests_ui_scenario_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_ui_scenario_test_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)
TESTS += tests/ui/scenario-test
TESTS += tests/ui/scenarios.sh tests/ui/view.sh tests/ui/tmux.sh
EXTRA_DIST += tests/ui/scenarios.sh tests/ui/view.sh tests/ui/tmux.sh
check_PROGRAMS += tests/ui/view-dump
tests_ui_view_dump_SOURCES = tests/ui/view-dump.c tests/ui/synth.c tests/ui/synth.h
tests_ui_view_dump_LDADD = $(CONCVIZ_LIBS)
check_PROGRAMS += tests/ui/synth-record
tests_ui_synth_record_SOURCES = tests/ui/synth-record.c tests/ui/synth.c tests/ui/synth.h
tests_ui_synth_record_LDADD = $(CONCVIZ_LIBS)
bench_programs += tests/ui/bench-ui
tests_ui_bench_ui_SOURCES = tests/ui/bench-ui.c tests/ui/synth.c tests/ui/synth.h
tests_ui_bench_ui_LDADD = $(CONCVIZ_LIBS)
