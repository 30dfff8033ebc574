/*
 * test-export-unit.c — the exporters on hand-made models, without python:
 * JSON and XML escaping of hostile strings (quotes, control characters,
 * invalid UTF-8), the chrome output checked by a small JSON syntax checker,
 * the SVG's rows and escaping, the handoff flows pairing up, and an empty
 * run.
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

#include "export/export.h"

enum { PROC = 1, GIL = 2, T1 = 3, T2 = 4, LK = 5 };

/* Append one event. */
static void
add(struct model *m, uint64_t t, unsigned kind, uint32_t ent, unsigned arg,
    uint32_t obj, uint64_t val, const char *s)
{
	struct trace_ev ev;

	memset(&ev, 0, sizeof ev);
	ev.t = t;
	ev.kind = (uint16_t)kind;
	ev.entity = ent;
	ev.arg = (uint16_t)arg;
	ev.obj = obj;
	ev.val = val;
	ev.str = s;
	ev.slen = s ? (uint32_t)strlen(s) : 0;
	model_append(m, &ev);
}

/* A state change. */
static void
st(struct model *m, uint64_t t, uint32_t ent, unsigned state, unsigned why,
    uint32_t obj)
{
	add(m, t, TRACE_EV_STATE, ent, state | why << 8, obj, 0, NULL);
}

/* Two threads with hostile names hand the GIL over twice. */
static struct model *
story(void)
{
	struct model *m = model_create();
	int i;

	add(m, 1000, TRACE_EV_ENTITY_NEW, PROC, TRACE_ENT_PROCESS, 0, 0,
	    "Main\"Process\\");
	add(m, 1000, TRACE_EV_ENTITY_NEW, GIL, TRACE_ENT_GIL, PROC, 0, "GIL");
	add(m, 1000, TRACE_EV_ENTITY_NEW, T1, TRACE_ENT_THREAD, PROC, 0,
	    "<T1 & \x01\xff>");
	add(m, 1000, TRACE_EV_ENTITY_NEW, T2, TRACE_ENT_THREAD, PROC, 0, "T2");
	add(m, 1000, TRACE_EV_ENTITY_NEW, LK, TRACE_ENT_LOCK, PROC, 0, "L");
	add(m, 1500, TRACE_EV_GIL_REQUEST, T1, 0, GIL, 0, NULL);
	add(m, 2000, TRACE_EV_GIL_TAKE, T1, 0, 0, 500, NULL);
	st(m, 2000, T1, TRACE_ST_RUNNING, 0, 0);
	st(m, 2100, T2, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	add(m, 2100, TRACE_EV_GIL_REQUEST, T2, 0, GIL, 0, NULL);
	for (i = 0; i < 2; i++) {
		uint32_t a = i == 0 ? T1 : T2, b = i == 0 ? T2 : T1;
		uint64_t t = 5000 + 5000 * (uint64_t)i;

		add(m, t, TRACE_EV_GIL_DROP_REQUEST, b, 0, a, 0, NULL);
		add(m, t + 10, TRACE_EV_GIL_DROP, a, TRACE_GIL_FORCED, GIL, 0,
		    NULL);
		st(m, t + 10, a, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
		add(m, t + 10, TRACE_EV_GIL_REQUEST, a, 0, GIL, 0, NULL);
		add(m, t + 20, TRACE_EV_GIL_TAKE, b, 0, a, 5000, NULL);
		st(m, t + 20, b, TRACE_ST_RUNNING, 0, 0);
	}
	add(m, 16000, TRACE_EV_OUTPUT, T1, 1, 0, 0, "tab\there \"q\"\n");
	st(m, 17000, T1, TRACE_ST_BLOCKED, TRACE_WHY_LOCK, LK);
	add(m, 18000, TRACE_EV_ANNOTATION, 0, 0, 0, 0, "end");
	return m;
}

/* Run an exporter into a string (freed by the caller). */
static char *
run(int (*fn)(const struct model *, const struct export_opts *, FILE *,
    char **), const struct model *m, const struct export_opts *o)
{
	char *data = NULL, *cause = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	assert_non_null(f);
	assert_int_equal(fn(m, o, f, &cause), 0);
	assert_int_equal(fclose(f), 0);
	return data;
}

/* A tiny JSON syntax checker: skip one value at *p, 0 or -1. */
static int json_value(const char **p, int depth);

static void
json_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

static int
json_string(const char **p)
{
	if (**p != '"')
		return -1;
	for ((*p)++; **p != '"'; (*p)++) {
		if ((unsigned char)**p < 0x20)
			return -1;
		if (**p == '\\') {
			(*p)++;
			if (**p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF",
					    (*p)[i]) == NULL || (*p)[i] == '\0')
						return -1;
				*p += 4;
			} else if (strchr("\"\\/bfnrt", **p) == NULL ||
			    **p == '\0')
				return -1;
		}
	}
	(*p)++;
	return 0;
}

static int
json_value(const char **p, int depth)
{
	char close;

	json_ws(p);
	if (depth > 64)
		return -1;
	if (**p == '{' || **p == '[') {
		close = **p == '{' ? '}' : ']';
		(*p)++;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return 0;
		}
		for (;;) {
			if (close == '}') {
				json_ws(p);
				if (json_string(p) != 0)
					return -1;
				json_ws(p);
				if (*(*p)++ != ':')
					return -1;
			}
			if (json_value(p, depth + 1) != 0)
				return -1;
			json_ws(p);
			if (**p == ',') {
				(*p)++;
				continue;
			}
			if (*(*p)++ != close)
				return -1;
			return 0;
		}
	}
	if (**p == '"')
		return json_string(p);
	if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "null", 4) == 0) {
		*p += 4;
		return 0;
	}
	if (strncmp(*p, "false", 5) == 0) {
		*p += 5;
		return 0;
	}
	if (**p == '-' || (**p >= '0' && **p <= '9')) {
		char *end;

		strtod(*p, &end);
		*p = end;
		return 0;
	}
	return -1;
}

/* Whether s is one JSON document. */
static int
json_ok(const char *s)
{
	if (json_value(&s, 0) != 0)
		return 0;
	json_ws(&s);
	return *s == '\0';
}

/* Count occurrences of needle. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* JSON strings: quotes, backslash, control characters, bad UTF-8. */
static void
test_json_escape(void **state)
{
	struct buf b;
	static const char in[] = "a\"b\\c\n\x01\x7f\xc3\xa9\xff\xc0\xaf"
	    "\xed\xa0\x80\xe2\x82";

	(void)state;
	buf_init(&b);
	export_json_str(&b, in, sizeof in - 1);
	buf_addc(&b, '\0');
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\\u007f\xc3\xa9"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_true(json_ok(b.data));
	buf_fini(&b);
}

/* XML text: the five entities, forbidden characters replaced. */
static void
test_xml_escape(void **state)
{
	struct buf b;
	static const char in[] = "<a & 'b' \"c\">\x01\t\xf0\x9f\x98\x80\xfe";

	(void)state;
	buf_init(&b);
	export_xml_str(&b, in, sizeof in - 1);
	buf_addc(&b, '\0');
	assert_string_equal(b.data, "&lt;a &amp; &apos;b&apos; &quot;c&quot;"
	    "&gt;\xef\xbf\xbd&#9;\xf0\x9f\x98\x80\xef\xbf\xbd");
	buf_fini(&b);
}

/* Chrome: valid JSON, names escaped, flows in pairs, slices per thread. */
static void
test_chrome(void **state)
{
	struct model *m = story();
	char *s;

	(void)state;
	s = run(export_chrome, m, NULL);
	assert_true(json_ok(s));
	assert_non_null(strstr(s, "\"name\":\"Main\\\"Process\\\\\""));
	assert_non_null(strstr(s, "\"name\":\"<T1 & \\u0001\xef\xbf\xbd>\""));
	assert_int_equal(count(s, "\"ph\":\"s\""), 2);
	assert_int_equal(count(s, "\"ph\":\"f\""), 2);
	assert_non_null(strstr(s, "\"name\":\"GIL handoff\",\"cat\":\"gil\","
	    "\"id\":1,"));
	assert_non_null(strstr(s, "\"name\":\"GIL handoff\",\"cat\":\"gil\","
	    "\"id\":2,"));
	/* The first handoff starts on T1 at its drop (5.010 us after 1000 ns
	   origin: 4.010), inside its running slice. */
	assert_non_null(strstr(s, "{\"ph\":\"s\",\"pid\":1,\"tid\":3,"
	    "\"name\":\"GIL handoff\",\"cat\":\"gil\",\"id\":1,\"ts\":4.009}"));
	assert_non_null(strstr(s, "{\"ph\":\"f\",\"pid\":1,\"tid\":4,"
	    "\"name\":\"GIL handoff\",\"cat\":\"gil\",\"id\":1,\"ts\":4.020}"));
	assert_non_null(strstr(s, "\"name\":\"Blocked/Waiting: lock L\""));
	assert_non_null(strstr(s, "\"text\":\"tab\\there \\\"q\\\"\\n\""));
	assert_non_null(strstr(s, "\"name\":\"GIL waiters\""));
	assert_non_null(strstr(s, "\"displayTimeUnit\":\"ns\""));
	free(s);
	model_free(m);
}

/* Chrome over a range: still valid, the late events gone. */
static void
test_chrome_range(void **state)
{
	struct model *m = story();
	struct export_opts o;
	char *s;

	(void)state;
	memset(&o, 0, sizeof o);
	o.to = 6000;		/* up to 7000 ns absolute */
	s = run(export_chrome, m, &o);
	assert_true(json_ok(s));
	assert_int_equal(count(s, "\"ph\":\"s\""), 1);
	assert_null(strstr(s, "tab\\there"));
	free(s);
	model_free(m);
}

/* SVG: one row per lane, one GIL row, names escaped, bars in the plot. */
static void
test_svg(void **state)
{
	struct model *m = story();
	struct export_opts o;
	char *s, *p;
	double x, w;

	(void)state;
	memset(&o, 0, sizeof o);
	o.width = 600;
	s = run(export_svg, m, &o);
	assert_int_equal(count(s, "<g class=\"lane\""), 3);
	assert_int_equal(count(s, "<g class=\"gil\""), 1);
	assert_non_null(strstr(s, ">&lt;T1 &amp; \xef\xbf\xbd\xef\xbf\xbd&gt;<"));
	assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"600\""));
	assert_non_null(strstr(s, "data-x0=\"200.00\" data-x1=\"580.00\""));
	for (p = s; (p = strstr(p, "<rect class=\"bar\" x=\"")) != NULL; p++) {
		assert_int_equal(sscanf(p, "<rect class=\"bar\" x=\"%lf\" "
		    "y=\"%*f\" width=\"%lf\"", &x, &w), 2);
		assert_true(x >= 200 && x + w <= 580.001 && w > 0);
	}
	assert_true(count(s, "class=\"handoff\"") >= 1);
	assert_non_null(strstr(s, "</svg>\n"));
	free(s);
	model_free(m);
}

/* A run with no event at all still gives valid files. */
static void
test_empty(void **state)
{
	struct model *m = model_create();
	char *s;

	(void)state;
	s = run(export_chrome, m, NULL);
	assert_true(json_ok(s));
	assert_null(strstr(s, "\"ph\":\"X\""));
	free(s);
	s = run(export_svg, m, NULL);
	assert_int_equal(count(s, "<g class=\"lane\""), 0);
	assert_non_null(strstr(s, "</svg>\n"));
	free(s);
	s = run(export_asciicast, m, NULL);
	assert_non_null(strstr(s, "{\"version\": 2, \"width\": 100, "
	    "\"height\": 30, "));
	free(s);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_chrome),
		cmocka_unit_test(test_chrome_range),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
