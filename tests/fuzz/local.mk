# tests/fuzz: fuzz targets. In every build each target is linked with a
# small driver (driver.c) that replays its seed corpus in make check; with
# --enable-fuzzing (CC=clang) the real libFuzzer binaries are built too:
#   tests/fuzz/fuzz-cvz -max_total_time=300 tests/fuzz/corpus/cvz
check_PROGRAMS += tests/fuzz/fuzz-cvz-driver
tests_fuzz_fuzz_cvz_driver_SOURCES = tests/fuzz/fuzz-cvz.c tests/fuzz/driver.c
tests_fuzz_fuzz_cvz_driver_LDADD = $(CONCVIZ_LIBS)
TESTS += tests/fuzz/cvz-corpus.sh
EXTRA_DIST += tests/fuzz/cvz-corpus.sh \
	tests/fuzz/corpus/cvz/empty.cvz \
	tests/fuzz/corpus/cvz/header-cut.cvz \
	tests/fuzz/corpus/cvz/no-footer.cvz \
	tests/fuzz/corpus/cvz/not-cvz.cvz \
	tests/fuzz/corpus/cvz/story-badcrc.cvz \
	tests/fuzz/corpus/cvz/story-cut.cvz \
	tests/fuzz/corpus/cvz/story.cvz
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-cvz
tests_fuzz_fuzz_cvz_SOURCES = tests/fuzz/fuzz-cvz.c
tests_fuzz_fuzz_cvz_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_cvz_LDADD = $(CONCVIZ_LIBS)
endif
# The language front end (lexer, parser, compiler): tests/fuzz/fuzz-lang.c.
check_PROGRAMS += tests/fuzz/fuzz-lang-driver
tests_fuzz_fuzz_lang_driver_SOURCES = tests/fuzz/fuzz-lang.c tests/fuzz/driver.c
tests_fuzz_fuzz_lang_driver_LDADD = $(CONCVIZ_LIBS)
TESTS += tests/fuzz/lang-corpus.sh
EXTRA_DIST += tests/fuzz/lang-corpus.sh \
	tests/fuzz/corpus/lang/basics-hello.py \
	tests/fuzz/corpus/lang/class-inherit.py \
	tests/fuzz/corpus/lang/comp-scope.py \
	tests/fuzz/corpus/lang/exc-nested-handlers.py \
	tests/fuzz/corpus/lang/fmt-fstring-more.py \
	tests/fuzz/corpus/lang/fstring-nested.py \
	tests/fuzz/corpus/lang/func-closures.py \
	tests/fuzz/corpus/lang/func-kwonly.py \
	tests/fuzz/corpus/lang/gen-yield-from.py \
	tests/fuzz/corpus/lang/leak-scan-error.py \
	tests/fuzz/corpus/lang/nesting.py \
	tests/fuzz/corpus/lang/str-escapes.py \
	tests/fuzz/corpus/lang/syntax-error.py \
	tests/fuzz/corpus/lang/with-suppress.py
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-lang
tests_fuzz_fuzz_lang_SOURCES = tests/fuzz/fuzz-lang.c
tests_fuzz_fuzz_lang_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_lang_LDADD = $(CONCVIZ_LIBS)
endif
