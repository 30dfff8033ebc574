# tests/watch: concviz watch / attach on real programs.
TESTS += tests/watch/watch.sh
EXTRA_DIST += tests/watch/watch.sh
check_PROGRAMS += tests/watch/test-classify
TESTS += tests/watch/test-classify
tests_watch_test_classify_SOURCES = tests/watch/test-classify.c
tests_watch_test_classify_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_watch_test_classify_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)
