/*
 * test-trace-codec.c — the .cvz event codec, chunks, the writer and reader
 * and the stream decoder round-trip every event kind exactly.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/buf.h"
#include "trace/cvz.h"

#define NEV 600

static struct trace_ev evs[NEV];
static char strs[NEV][40];

/* A sequence using every kind and edge values of every field. */
static void
make_events(void)
{
	uint64_t t = 1000;
	int i;

	for (i = 0; i < NEV; i++) {
		memset(&evs[i], 0, sizeof evs[i]);
		t += (uint64_t)(i % 7) * 1234567u + (i % 3);
		evs[i].t = t;
		evs[i].kind = (uint16_t)(1 + i % (TRACE_EV_MAX - 1));
		evs[i].entity = i % 5 == 0 ? UINT32_MAX : (uint32_t)(i % 4);
		evs[i].arg = (uint16_t)(i % 11 == 0 ? 0xffff : i % 3);
		evs[i].obj = i % 13 == 0 ? UINT32_MAX : (uint32_t)(i % 2 * 77);
		evs[i].val = i % 17 == 0 ? UINT64_MAX : (uint64_t)i * 1000003u;
		if (i % 4 == 1) {
			snprintf(strs[i], sizeof strs[i], "string %d\n\t\001",
			    i);
			evs[i].str = strs[i];
			evs[i].slen = (uint32_t)strlen(strs[i]);
		}
	}
}

/* Whether two events are the same. */
static int
ev_equal(const struct trace_ev *a, const struct trace_ev *b)
{
	return a->t == b->t && a->entity == b->entity && a->kind == b->kind &&
	    a->arg == b->arg && a->obj == b->obj && a->val == b->val &&
	    a->slen == b->slen &&
	    (a->slen == 0 || memcmp(a->str, b->str, a->slen) == 0);
}

/* Check each decoded event against evs[idx]. */
static int
check_cb(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	int *n = arg;

	assert_true(idx < NEV);
	assert_true(ev_equal(ev, &evs[idx]));
	(*n)++;
	return 0;
}

/* One event at a time through the codec. */
static void
test_event_roundtrip(void **state)
{
	struct cvz_codec enc, dec;
	struct trace_ev out;
	uint8_t buf[CVZ_EVENT_MAX(64)];
	const char *why = NULL;
	size_t n, m;
	int i;

	make_events();
	cvz_codec_reset(&enc);
	cvz_codec_reset(&dec);
	for (i = 0; i < NEV; i++) {
		n = cvz_event_encode(&enc, buf, &evs[i]);
		assert_true(n >= 2 && n <= CVZ_EVENT_MAX(evs[i].slen));
		m = cvz_event_decode(&dec, buf, n, &out, &why);
		assert_int_equal(m, n);
		assert_true(ev_equal(&out, &evs[i]));
		/* Cut short: never accepted. */
		assert_int_equal(cvz_event_decode(&dec, buf, n - 1, &out, &why)
		    == n, 0);
		dec = enc;
	}
}

/* A whole chunk, framed, through cvz_chunk_decode. */
static void
test_chunk_roundtrip(void **state)
{
	struct cvz_chunk ch;
	struct cvz_frame f;
	struct buf out;
	const char *why = NULL;
	size_t where = 0;
	int i, n = 0;

	make_events();
	cvz_chunk_init(&ch);
	buf_init(&out);
	for (i = 0; i < NEV; i++)
		cvz_chunk_add(&ch, &evs[i]);
	cvz_chunk_finish(&ch, &out);
	assert_int_equal(cvz_frame_unpack((uint8_t *)out.data, &f, &why), 0);
	assert_int_equal(f.type, CVZ_CHUNK_EVENTS);
	assert_int_equal(f.count, NEV);
	assert_int_equal(f.t0, evs[0].t);
	assert_int_equal(f.t1, evs[NEV - 1].t);
	assert_int_equal(f.len + CVZ_FRAME_LEN, out.len);
	assert_int_equal(cvz_chunk_decode(&f, (uint8_t *)out.data +
	    CVZ_FRAME_LEN, check_cb, &n, 0, &why, &where), 0);
	assert_int_equal(n, NEV);
	cvz_chunk_fini(&ch);
	buf_fini(&out);
}

/* Writer to a file, reader back: header, index and events exact. */
static void
test_file_roundtrip(void **state)
{
	char path[] = "/tmp/concviz-test-XXXXXX";
	struct model_meta meta = { 0 };
	struct cvz_writer *w;
	struct cvz_file *f;
	char *cause = NULL;
	int fd, i, n = 0;

	make_events();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	meta.concviz_version = (char *)"9.9";
	meta.source_name = (char *)"prog.py";
	meta.source_text = (char *)"print('hi')\0tail";
	meta.source_len = 16;
	meta.settings = (char *)"gil=legacy";
	meta.t_origin = 999;
	meta.wall_origin = 1700000000000000000ull;
	w = cvz_writer_open(path, &meta, &cause);
	assert_non_null(w);
	for (i = 0; i < NEV; i++) {
		cvz_writer_add(w, &evs[i]);
		if (i % 100 == 99)
			assert_int_equal(cvz_writer_flush(w, &cause), 0);
	}
	assert_int_equal(cvz_writer_close(w, &cause), 0);

	f = cvz_open(path, &cause);
	assert_non_null(f);
	assert_false(f->truncated);
	assert_true(f->had_index);
	assert_int_equal(f->nchunks, 6);
	assert_int_equal(f->nevents, NEV);
	assert_string_equal(f->meta.concviz_version, "9.9");
	assert_string_equal(f->meta.source_name, "prog.py");
	assert_int_equal(f->meta.source_len, 16);
	assert_memory_equal(f->meta.source_text, meta.source_text, 16);
	assert_string_equal(f->meta.settings, "gil=legacy");
	assert_int_equal(f->meta.t_origin, 999);
	assert_int_equal(f->meta.wall_origin, meta.wall_origin);
	assert_int_equal(cvz_read_all(f, check_cb, &n, &cause), 0);
	assert_int_equal(n, NEV);
	/* Seeking: the chunk for a time holds it. */
	assert_int_equal(cvz_find_chunk(f, evs[350].t), 3);
	cvz_close(f);
	unlink(path);
}

/* Stream decoder: the same bytes fed one at a time give the same events. */
static void
test_stream_bytewise(void **state)
{
	struct model_meta meta = { 0 };
	struct cvz_chunk ch;
	struct cvz_stream *s;
	struct buf b;
	char *cause = NULL;
	size_t i;
	int k, n = 0;

	make_events();
	buf_init(&b);
	meta.source_name = (char *)"s.py";
	cvz_header_encode(&b, &meta);
	cvz_chunk_init(&ch);
	for (k = 0; k < NEV; k++) {
		cvz_chunk_add(&ch, &evs[k]);
		if (k % 50 == 49)
			cvz_chunk_finish(&ch, &b);
	}
	cvz_chunk_finish(&ch, &b);
	cvz_chunk_fini(&ch);
	s = cvz_stream_create("pipe", NULL, check_cb, &n);
	for (i = 0; i < b.len; i++)
		assert_int_equal(cvz_stream_feed(s, b.data + i, 1, &cause), 0);
	assert_int_equal(n, NEV);
	assert_int_equal(cvz_stream_pending(s), 0);
	cvz_stream_free(s);

	/* A damaged byte in the stream is an error with an offset. */
	b.data[b.len - 3] ^= 0x40;
	n = 0;
	s = cvz_stream_create("pipe", NULL, check_cb, &n);
	assert_int_equal(cvz_stream_feed(s, b.data, b.len, &cause), -1);
	assert_non_null(strstr(cause, "pipe: offset "));
	free(cause);
	cvz_stream_free(s);
	buf_fini(&b);
}

/* CRC-32C matches the standard check value, hardware and tables alike. */
static void
test_crc32(void **state)
{
	uint8_t big[1000];
	uint32_t hw;
	size_t i;

	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 31 + 7);
	assert_int_equal(cvz_crc32(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(cvz_crc32(cvz_crc32(0, "1234", 4), "56789", 5),
	    0xE3069283u);
	hw = cvz_crc32(0, big + 3, sizeof big - 3);
	cvz_crc32_no_hw();
	assert_int_equal(cvz_crc32(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(cvz_crc32(0, big + 3, sizeof big - 3), hw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_event_roundtrip),
		cmocka_unit_test(test_chunk_roundtrip),
		cmocka_unit_test(test_file_roundtrip),
		cmocka_unit_test(test_stream_bytewise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
