/*
 * scenario-test.c — unit tests of the scenario header parser
 * (src/ui/scenario.c): good headers, continuations and paragraphs, speeds,
 * and every kind of bad header, which must fail with a message, never crash.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/scenario.h"

/* Parse text; return 0/-1 and leave the result or the cause. */
static int
parse(const char *text, struct scenario *sc, char **cause)
{
	memset(sc, 0, sizeof *sc);
	*cause = NULL;
	return scenario_parse(text, strlen(text), sc, cause);
}

/* Expect a failure whose message contains needle. */
static void
expect_bad(const char *text, const char *needle)
{
	struct scenario	 sc;
	char		*cause;

	assert_int_equal(parse(text, &sc, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, needle) == NULL)
		fail_msg("cause '%s' lacks '%s'", cause, needle);
	free(cause);
	scenario_fini(&sc);
}

static void
test_full_header(void **state)
{
	struct scenario	 sc;
	char		*cause;

	(void)state;
	assert_int_equal(parse(
	    "# title: Two threads, one GIL\n"
	    "# topic: The GIL\n"
	    "# speed: 0.005\n"
	    "# description: Two CPU-bound threads share the GIL. Watch the\n"
	    "#   switch interval.\n"
	    "#\n"
	    "#   Second paragraph.\n"
	    "# A comment that is not part of the header: ignored\n"
	    "import threading\n", &sc, &cause), 0);
	assert_string_equal(sc.title, "Two threads, one GIL");
	assert_int_equal(sc.topic, SCENARIO_TOPIC_GIL);
	assert_true(sc.speed > 0.00499 && sc.speed < 0.00501);
	assert_string_equal(sc.description, "Two CPU-bound threads share the "
	    "GIL. Watch the switch interval.\nSecond paragraph.");
	scenario_fini(&sc);
}

static void
test_defaults_and_variants(void **state)
{
	struct scenario	 sc;
	char		*cause;

	(void)state;
	/* Shebang, CRLF, case-insensitive keys and topic, no speed. */
	assert_int_equal(parse(
	    "#!/usr/bin/env python3\r\n"
	    "#Title:  Spaces   \r\n"
	    "# TOPIC: threads AND states\r\n"
	    "# description: d\r\n"
	    "# future-key: ignored\r\n"
	    "print(1)\r\n", &sc, &cause), 0);
	assert_string_equal(sc.title, "Spaces");
	assert_int_equal(sc.topic, SCENARIO_TOPIC_THREADS);
	assert_true(sc.speed == SCENARIO_SPEED_DEFAULT);
	assert_string_equal(sc.description, "d");
	scenario_fini(&sc);

	/* A fraction as speed; the file may end inside the header. */
	assert_int_equal(parse("# title: t\n# topic: IPC\n# speed: 1/1000\n"
	    "# description: x", &sc, &cause), 0);
	assert_true(sc.speed > 0.00099 && sc.speed < 0.00101);
	scenario_fini(&sc);
}

/* The run settings: gil, switch-interval, breaker, each optional. */
static void
test_run_settings(void **state)
{
	struct scenario	 sc;
	char		*cause;

	(void)state;
	assert_int_equal(parse("# title: t\n# topic: The GIL\n# gil: legacy\n"
	    "# switch-interval: 0.5\n# breaker: instruction\n"
	    "# description: d\n", &sc, &cause), 0);
	assert_string_equal(sc.gil, "legacy");
	assert_string_equal(sc.breaker, "instruction");
	assert_true(sc.switch_ms > 0.499 && sc.switch_ms < 0.501);
	scenario_fini(&sc);
	assert_int_equal(parse("# title: t\n# topic: The GIL\n"
	    "# description: d\n", &sc, &cause), 0);
	assert_null(sc.gil);
	assert_null(sc.breaker);
	assert_true(sc.switch_ms == 0);
	scenario_fini(&sc);
	expect_bad("# title: t\n# topic: IPC\n# gil: fast\n# description: d\n",
	    "bad gil 'fast'");
	expect_bad("# title: t\n# topic: IPC\n# gil:\n# description: d\n",
	    "bad gil ''");
	expect_bad("# title: t\n# topic: IPC\n# gil: modernx\n# description: d\n",
	    "bad gil");
	expect_bad("# title: t\n# topic: IPC\n# breaker: often\n"
	    "# description: d\n", "bad breaker 'often'");
	expect_bad("# title: t\n# topic: IPC\n# switch-interval: 0\n"
	    "# description: d\n", "bad switch-interval '0'");
	expect_bad("# title: t\n# topic: IPC\n# switch-interval: 5ms\n"
	    "# description: d\n", "bad switch-interval");
	expect_bad("# title: t\n# topic: IPC\n# gil: none\n# gil: none\n"
	    "# description: d\n", "given twice");
}

static void
test_topics_in_order(void **state)
{
	(void)state;
	assert_string_equal(scenario_topic_name(0), "Processes");
	assert_string_equal(scenario_topic_name(1), "Threads and states");
	assert_string_equal(scenario_topic_name(2), "Synchronization");
	assert_string_equal(scenario_topic_name(3), "The GIL");
	assert_string_equal(scenario_topic_name(4), "asyncio");
	assert_string_equal(scenario_topic_name(5), "IPC");
	assert_string_equal(scenario_topic_name(6), "Pools and executors");
	assert_null(scenario_topic_name(7));
	assert_null(scenario_topic_name(-1));
	assert_int_equal(scenario_topic_find("Nope"), -1);
}

static void
test_bad_headers(void **state)
{
	(void)state;
	expect_bad("", "no header");
	expect_bad("import threading\n# title: late\n", "no header");
	expect_bad("# just a comment\n# title: x\n", "no header");
	expect_bad("# topic: IPC\n# description: d\n", "no '# title:'");
	expect_bad("# title:\n# topic: IPC\n# description: d\n", "no '# title:'");
	expect_bad("# title: t\n# description: d\n", "no '# topic:'");
	expect_bad("# title: t\n# topic: Cooking\n# description: d\n",
	    "unknown topic 'Cooking'");
	expect_bad("# title: t\n# topic: IPC\n", "no '# description:'");
	expect_bad("# title: t\n# topic: IPC\n# description:\n", "no '# description:'");
	expect_bad("# title: t\n# title: u\n# topic: IPC\n# description: d\n",
	    "given twice");
	expect_bad("# title: t\n# topic: IPC\n# speed: fast\n# description: d\n",
	    "bad speed");
	expect_bad("# title: t\n# topic: IPC\n# speed: 2\n# description: d\n",
	    "bad speed");
	expect_bad("# title: t\n# topic: IPC\n# speed: 0\n# description: d\n",
	    "bad speed");
	expect_bad("# title: t\n# topic: IPC\n# speed: 1/0\n# description: d\n",
	    "bad speed");
	expect_bad("# title: t\n# topic: IPC\n# speed: nan\n# description: d\n",
	    "bad speed");
	expect_bad("# title: t\x1b[2J\n# topic: IPC\n# description: d\n",
	    "control characters");
	expect_bad("# title: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	    "# topic: IPC\n# description: d\n", "longer than");
}

static void
test_nul_byte(void **state)
{
	static const char text[] = "# title: t\n# topic: IPC\0\n# description: d\n";
	struct scenario	 sc;
	char		*cause = NULL;

	(void)state;
	memset(&sc, 0, sizeof sc);
	assert_int_equal(scenario_parse(text, sizeof text - 1, &sc, &cause), -1);
	assert_non_null(strstr(cause, "NUL"));
	free(cause);
}

/* Every prefix of a good header parses or fails cleanly (no overread). */
static void
test_truncations(void **state)
{
	static const char text[] = "#!/x\n# title: T\n# topic: asyncio\n"
	    "# speed: 1/100\n# description: a\n#   b\n#\n#   c\nx = 1\n";
	struct scenario	 sc;
	char		*cause, *copy;
	size_t		 n;

	(void)state;
	for (n = 0; n <= sizeof text - 1; n++) {
		copy = malloc(n + 1);
		memcpy(copy, text, n);
		memset(&sc, 0, sizeof sc);
		cause = NULL;
		if (scenario_parse(copy, n, &sc, &cause) == 0)
			assert_null(cause);
		else
			assert_non_null(cause);
		free(cause);
		scenario_fini(&sc);
		free(copy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_header),
		cmocka_unit_test(test_defaults_and_variants),
		cmocka_unit_test(test_run_settings),
		cmocka_unit_test(test_topics_in_order),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_truncations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
