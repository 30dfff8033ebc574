/*
 * test-trace-file.c — damaged recordings: a file cut at every byte offset
 * loads a correct prefix (or, inside the header, fails cleanly); a flipped
 * byte anywhere is an error naming the file and an offset; crafted absurd
 * frames are refused; random damage never crashes. Run under ASan in CI.
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

#define NEV 60

static struct trace_ev evs[NEV];
static uint8_t *file;
static size_t file_len;
static size_t chunk_end[8];	/* file offset after each events chunk */
static unsigned nchunk;

/* Build a small recording with 4 chunks in memory, through the writer. */
static int
setup(void **state)
{
	char path[] = "/tmp/concviz-file-XXXXXX";
	struct model_meta meta = { 0 };
	struct cvz_writer *w;
	char *cause = NULL;
	FILE *fp;
	long n;
	int fd, i;

	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	meta.concviz_version = (char *)"0.1.0";
	meta.source_name = (char *)"t.py";
	meta.source_text = (char *)"x = 1\n";
	meta.source_len = 6;
	meta.settings = (char *)"gil=modern";
	w = cvz_writer_open(path, &meta, &cause);
	if (w == NULL)
		return -1;
	for (i = 0; i < NEV; i++) {
		memset(&evs[i], 0, sizeof evs[i]);
		evs[i].t = 1000000 + (uint64_t)i * 777;
		evs[i].kind = (uint16_t)(1 + i % 24);
		evs[i].entity = (uint32_t)(1 + i % 3);
		evs[i].val = (uint64_t)i * 3;
		if (i % 7 == 0) {
			evs[i].str = "some output";
			evs[i].slen = 11;
		}
		cvz_writer_add(w, &evs[i]);
		if (i % 15 == 14) {
			cvz_writer_flush(w, NULL);
			chunk_end[nchunk++] = cvz_writer_bytes(w);
		}
	}
	if (cvz_writer_close(w, &cause) != 0)
		return -1;
	fp = fopen(path, "rb");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	file_len = (size_t)n;
	file = malloc(file_len);
	if (fread(file, 1, file_len, fp) != file_len)
		return -1;
	fclose(fp);
	unlink(path);
	return 0;
}

static int
teardown(void **state)
{
	free(file);
	return 0;
}

/* Check each event read back against evs. */
static int
prefix_cb(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	size_t *n = arg;

	assert_true(idx < NEV);
	assert_int_equal(ev->t, evs[idx].t);
	assert_int_equal(ev->kind, evs[idx].kind);
	assert_int_equal(ev->val, evs[idx].val);
	assert_int_equal(ev->slen, evs[idx].slen);
	(*n)++;
	return 0;
}

/* Cut at every byte offset: a correct prefix, or a clean error. */
static void
test_truncated_everywhere(void **state)
{
	struct cvz_file *f;
	char *cause;
	size_t cut, n, want, header_len;
	unsigned k, complete;
	int nerr = 0, nprefix = 0;

	assert_int_equal(nchunk, 4);
	f = cvz_open_mem(file, file_len, "whole.cvz", &cause);
	assert_non_null(f);
	header_len = f->chunks[0].offset;
	cvz_close(f);
	for (cut = 0; cut <= file_len; cut++) {
		cause = NULL;
		f = cvz_open_mem(file, cut, "cut.cvz", &cause);
		if (f == NULL) {
			/* Only inside the header may a cut be an error. */
			assert_true(cut < header_len);
			assert_non_null(strstr(cause, "cut.cvz: offset "));
			free(cause);
			nerr++;
			continue;
		}
		complete = 0;
		for (k = 0; k < nchunk; k++)
			if (chunk_end[k] <= cut)
				complete = k + 1;
		want = complete * 15;
		assert_int_equal(f->nevents, want);
		assert_int_equal(f->truncated, cut != file_len);
		n = 0;
		assert_int_equal(cvz_read_all(f, prefix_cb, &n, &cause), 0);
		assert_int_equal(n, want);
		cvz_close(f);
		nprefix++;
	}
	assert_true(nerr > 0 && nprefix > 0);
}

/* Flip a byte anywhere: always an error naming the file and an offset. */
static void
test_flipped_bytes(void **state)
{
	struct cvz_file *f;
	uint8_t *copy;
	char *cause;
	size_t i, n;
	int bit;

	copy = malloc(file_len);
	for (i = 0; i < file_len; i++) {
		for (bit = 0; bit < 8; bit += 3) {
			memcpy(copy, file, file_len);
			copy[i] ^= (uint8_t)(1u << bit);
			cause = NULL;
			f = cvz_open_mem(copy, file_len, "bad.cvz", &cause);
			if (f != NULL) {
				n = 0;
				if (cvz_read_all(f, NULL, &n, &cause) == 0)
					fail_msg("flip at %zu bit %d accepted",
					    i, bit);
				cvz_close(f);
			}
			assert_non_null(cause);
			assert_true(strncmp(cause, "bad.cvz: offset ", 16) == 0);
			free(cause);
		}
	}
	free(copy);
}

/* Frames with valid checksums but absurd fields are refused. */
static void
test_absurd_frames(void **state)
{
	struct cvz_frame fr;
	struct cvz_file *f;
	struct buf b;
	uint8_t frame[CVZ_FRAME_LEN];
	struct model_meta meta = { 0 };
	char *cause = NULL;
	size_t hdr;

	buf_init(&b);
	cvz_header_encode(&b, &meta);
	hdr = b.len;

	/* A count that cannot fit in the payload. */
	memset(&fr, 0, sizeof fr);
	fr.type = CVZ_CHUNK_EVENTS;
	fr.len = 4;
	fr.count = 1000000;
	fr.crc = cvz_crc32(0, "\0\0\0\0", 4);
	cvz_frame_pack(frame, &fr);
	buf_add(&b, frame, sizeof frame);
	buf_add(&b, "\0\0\0\0", 4);
	f = cvz_open_mem(b.data, b.len, "a.cvz", &cause);
	assert_null(f);
	assert_non_null(strstr(cause, "offset"));
	assert_non_null(strstr(cause, "count"));
	free(cause);

	/* A length beyond the limit. */
	b.len = hdr;
	fr.len = CVZ_MAX_CHUNK + 1;
	fr.count = 0;
	cvz_frame_pack(frame, &fr);
	buf_add(&b, frame, sizeof frame);
	f = cvz_open_mem(b.data, b.len, "b.cvz", &cause);
	assert_null(f);
	assert_non_null(strstr(cause, "too large"));
	free(cause);

	/* A well-framed payload whose events are garbage: error at read. */
	b.len = hdr;
	fr.len = 4;
	fr.count = 2;
	fr.crc = cvz_crc32(0, "\xff\xff\xff\xff", 4);
	cvz_frame_pack(frame, &fr);
	buf_add(&b, frame, sizeof frame);
	buf_add(&b, "\xff\xff\xff\xff", 4);
	f = cvz_open_mem(b.data, b.len, "c.cvz", &cause);
	assert_non_null(f);
	assert_int_equal(cvz_read_all(f, NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "c.cvz: offset "));
	free(cause);
	cvz_close(f);

	/* Not a recording at all; a newer format version. */
	f = cvz_open_mem("hello world, not a recording", 28, "d.txt", &cause);
	assert_null(f);
	assert_non_null(strstr(cause, "d.txt: offset 0: not a concviz"));
	free(cause);
	b.len = hdr;
	b.data[8] = 9;
	f = cvz_open_mem(b.data, b.len, "e.cvz", &cause);
	assert_null(f);
	assert_non_null(strstr(cause, "offset 8: format version"));
	free(cause);
	buf_fini(&b);
}

/* Random multi-byte damage never crashes (any outcome is allowed). */
static void
test_random_damage(void **state)
{
	struct cvz_file *f;
	uint64_t r = 0x9e3779b97f4a7c15ull;
	uint8_t *copy;
	char *cause;
	size_t n, len;
	int i, j;

	copy = malloc(file_len);
	for (i = 0; i < 3000; i++) {
		memcpy(copy, file, file_len);
		for (j = 0; j < 4; j++) {
			r ^= r << 13; r ^= r >> 7; r ^= r << 17;
			copy[r % file_len] = (uint8_t)(r >> 32);
		}
		len = (size_t)(r >> 40) % (file_len + 1);
		cause = NULL;
		f = cvz_open_mem(copy, len, "r.cvz", &cause);
		if (f != NULL) {
			n = 0;
			if (cvz_read_all(f, NULL, &n, &cause) != 0)
				free(cause);
			cvz_close(f);
		} else
			free(cause);
	}
	free(copy);
}

/* A stream cut short waits for more bytes; it is not an error. */
static void
test_stream_cut(void **state)
{
	struct cvz_stream *s;
	char *cause = NULL;
	size_t n = 0;

	s = cvz_stream_create("s", NULL, prefix_cb, &n);
	assert_int_equal(cvz_stream_feed(s, file, chunk_end[1] + 10, &cause),
	    0);
	assert_int_equal(n, 30);
	assert_int_equal(cvz_stream_pending(s), 10);
	cvz_stream_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_absurd_frames),
		cmocka_unit_test(test_random_damage),
		cmocka_unit_test(test_stream_cut),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
