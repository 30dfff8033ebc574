# tests/unit: cmocka unit tests of the library (one group per binary).
trace_unit_tests = \
	tests/unit/test-trace-codec \
	tests/unit/test-trace-emit \
	tests/unit/test-trace-model \
	tests/unit/test-trace-file
check_PROGRAMS += $(trace_unit_tests) tests/unit/trace-mkrec
TESTS += $(trace_unit_tests) tests/unit/test-trace-export.sh
EXTRA_DIST += tests/unit/test-trace-export.sh

tests_unit_test_trace_codec_SOURCES = tests/unit/test-trace-codec.c
tests_unit_test_trace_codec_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_trace_codec_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)

tests_unit_test_trace_emit_SOURCES = tests/unit/test-trace-emit.c
tests_unit_test_trace_emit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_trace_emit_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)

tests_unit_test_trace_model_SOURCES = tests/unit/test-trace-model.c
tests_unit_test_trace_model_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_trace_model_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)

tests_unit_test_trace_file_SOURCES = tests/unit/test-trace-file.c
tests_unit_test_trace_file_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_trace_file_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)

tests_unit_trace_mkrec_SOURCES = tests/unit/trace-mkrec.c
tests_unit_trace_mkrec_LDADD = $(CONCVIZ_LIBS)

# The exporters (src/export/): chrome, svg and asciicast end to end.
TESTS += tests/unit/test-export-formats.sh
EXTRA_DIST += tests/unit/test-export-formats.sh tests/unit/export-check.py
check_PROGRAMS += tests/unit/test-export-unit
TESTS += tests/unit/test-export-unit
tests_unit_test_export_unit_SOURCES = tests/unit/test-export-unit.c
tests_unit_test_export_unit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_export_unit_LDADD = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)
TESTS += tests/unit/line-coalesce.sh
EXTRA_DIST += tests/unit/line-coalesce.sh
