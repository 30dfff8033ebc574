/*
 * test-wire.c — the IPC value format: every type round-trips, the bytes
 * are the documented ones, and bad input gives an error, never a crash.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "rt/ipc-wire.h"

/* Encode, decode, compare; returns the encoding length. */
static size_t
roundtrip(struct ipc_value *v)
{
	struct ipc_value *back;
	struct buf b;
	char *cause = NULL;
	size_t len;

	buf_init(&b);
	ipc_wire_encode(&b, v);
	back = ipc_wire_decode(b.data, b.len, &cause);
	if (back == NULL)
		fail_msg("decode failed: %s", cause);
	assert_true(ipc_value_equal(v, back));
	len = b.len;
	ipc_value_free(back);
	buf_fini(&b);
	ipc_value_free(v);
	return len;
}

static void
test_scalars(void **state)
{
	static const int64_t ints[] = { 0, 1, -1, 63, -64, 64, 127, 128,
	    1000000, INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	size_t i;

	assert_int_equal(roundtrip(ipc_value_none()), 4);
	assert_int_equal(roundtrip(ipc_value_bool(1)), 4);
	assert_int_equal(roundtrip(ipc_value_bool(0)), 4);
	for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
		roundtrip(ipc_value_int(ints[i]));
	assert_int_equal(roundtrip(ipc_value_int(INT64_MIN)), 3 + 1 + 10);
	roundtrip(ipc_value_float(0.1));
	roundtrip(ipc_value_float(-0.0));
	roundtrip(ipc_value_float(INFINITY));
	roundtrip(ipc_value_float(NAN));
	roundtrip(ipc_value_str("", 0));
	roundtrip(ipc_value_str("h\xc3\xa9llo \xf0\x9f\x90\x8d", 11));
	roundtrip(ipc_value_bytes("\0\1\2\xff", 4));
}

static void
test_exact_bytes(void **state)
{
	struct ipc_value *t = ipc_value_container(IPC_TUPLE);
	struct buf b;

	ipc_value_append(t, ipc_value_int(-2));
	ipc_value_append(t, ipc_value_str("ab", 2));
	buf_init(&b);
	ipc_wire_encode(&b, t);
	assert_int_equal(b.len, 11);
	assert_memory_equal(b.data, "CV\x01(\x02i\x03s\x02" "ab", 11);
	buf_fini(&b);
	ipc_value_free(t);
}

static void
test_containers(void **state)
{
	struct ipc_value *d = ipc_value_container(IPC_DICT), *l, *s, *args;
	int i;

	l = ipc_value_container(IPC_LIST);
	for (i = 0; i < 1000; i++)
		ipc_value_append(l, ipc_value_int(i * i));
	s = ipc_value_container(IPC_SET);
	ipc_value_append(s, ipc_value_str("x", 1));
	ipc_value_append(d, ipc_value_str("list", 4));
	ipc_value_append(d, l);
	ipc_value_append(d, ipc_value_int(7));
	ipc_value_append(d, s);
	ipc_value_append(d, ipc_value_container(IPC_TUPLE));
	ipc_value_append(d, ipc_value_none());
	roundtrip(d);

	args = ipc_value_container(IPC_TUPLE);
	ipc_value_append(args, ipc_value_str("boom", 4));
	roundtrip(ipc_value_exc("builtins", "ValueError", args));

	/* An instance by reference to its class, with its attributes. */
	d = ipc_value_container(IPC_DICT);
	ipc_value_append(d, ipc_value_str("x", 1));
	ipc_value_append(d, ipc_value_int(3));
	roundtrip(ipc_value_obj("__main__", "Outer.Point", d));
}

/* An instance whose state is not a dict, or whose class has no name. */
static void
test_bad_instance(void **state)
{
	static const char not_dict[] = "CV\x01O\x73\x01m\x73\x01P(\x00";
	static const char no_name[] = "CV\x01O\x73\x01m\x73\x00{\x00";
	char *cause = NULL;

	(void)state;
	assert_null(ipc_wire_decode(not_dict, sizeof not_dict - 1, &cause));
	assert_non_null(strstr(cause, "state is not a dict"));
	free(cause);
	cause = NULL;
	assert_null(ipc_wire_decode(no_name, sizeof no_name - 1, &cause));
	assert_non_null(strstr(cause, "bad class name"));
	free(cause);
}

static void
test_deep_nesting(void **state)
{
	struct ipc_value *v = ipc_value_none(), *t;
	struct buf b;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < IPC_WIRE_MAX_DEPTH; i++) {
		t = ipc_value_container(IPC_LIST);
		ipc_value_append(t, v);
		v = t;
	}
	roundtrip(v);

	/* One level deeper than allowed: an error, not a stack overflow. */
	buf_init(&b);
	buf_add(&b, "CV\x01", 3);
	for (i = 0; i < 100000; i++)
		buf_add(&b, "[\x01", 2);
	buf_addc(&b, 'N');
	assert_null(ipc_wire_decode(b.data, b.len, &cause));
	assert_non_null(strstr(cause, "nested too deeply"));
	free(cause);
	buf_fini(&b);
}

/* Each of these must be rejected with a message. */
static void
test_bad_input(void **state)
{
	static const struct {
		const char	*data;
		size_t		 len;
		const char	*want;
	} bad[] = {
		{ "", 0, "not a concviz" },
		{ "XV\x01N", 4, "not a concviz" },
		{ "CV\x02N", 4, "version 2" },
		{ "CV\x01", 3, "truncated value" },
		{ "CV\x01NN", 5, "trailing bytes" },
		{ "CV\x01Z", 4, "unknown type tag" },
		{ "CV\x01i", 4, "truncated number" },
		{ "CV\x01i\x80\x00", 6, "shortest form" },
		{ "CV\x01i\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 14,
		    "too large" },
		{ "CV\x01" "f\0\0\0", 7, "truncated float" },
		{ "CV\x01s\x05" "ab", 7, "beyond the end" },
		{ "CV\x01s\x02\xc3\x28", 7, "UTF-8" },
		{ "CV\x01s\x03\xed\xa0\x80", 8, "UTF-8" },	/* surrogate */
		{ "CV\x01s\x02\xc0\xaf", 7, "UTF-8" },		/* overlong */
		{ "CV\x01[\xff\xff\xff\xff\x0f", 9, "more items" },
		{ "CV\x01{\x02NN", 7, "more items" },
		{ "CV\x01(\x02N", 6, "more items" },
		{ "CV\x01(\x02i\x80", 7, "truncated number" },
		{ "CV\x01" "Es\x01" "bs\x01" "cN", 11, "not a tuple" },
		{ "CV\x01" "EN", 5, "not a string" },
		{ "CV\x01" "Es\x01" "bs\x00(\x00", 11, "bad exception name" },
	};
	char *cause;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		if (ipc_wire_decode(bad[i].data, bad[i].len, &cause) != NULL)
			fail_msg("case %zu decoded", i);
		assert_non_null(cause);
		if (strstr(cause, bad[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, cause,
			    bad[i].want);
		free(cause);
	}
}

/* Every truncation of a valid message is rejected cleanly. */
static void
test_truncations(void **state)
{
	struct ipc_value *d = ipc_value_container(IPC_DICT), *v;
	struct buf b;
	char *cause;
	size_t n;

	ipc_value_append(d, ipc_value_str("k\xc3\xa9y", 4));
	ipc_value_append(d, ipc_value_float(2.5));
	ipc_value_append(d, ipc_value_int(-300));
	ipc_value_append(d, ipc_value_bytes("zz", 2));
	buf_init(&b);
	ipc_wire_encode(&b, d);
	for (n = 0; n < b.len; n++) {
		cause = NULL;
		v = ipc_wire_decode(b.data, n, &cause);
		assert_null(v);
		assert_non_null(cause);
		free(cause);
	}
	buf_fini(&b);
	ipc_value_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_bad_instance),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_truncations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
