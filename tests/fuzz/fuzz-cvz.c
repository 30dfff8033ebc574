/*
 * fuzz-cvz.c — the libFuzzer target for the recording reader: any bytes go
 * through the file reader, the model, the narration and the stream decoder.
 * Nothing may crash, leak or allocate without bound. Linked into the real
 * libFuzzer binary (--enable-fuzzing) and into tests/fuzz/driver.c, which
 * replays the seed corpus in make check.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "trace/cvz.h"
#include "trace/model.h"
#include "trace/narrate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fold each decoded event into the model. */
static int
fuzz_append(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	model_append(arg, ev);
	return 0;
}

/* Count stream events. */
static int
fuzz_count(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	(*(uint64_t *)arg)++;
	return 0;
}

/* Narrate every event of a model, and ask it for state at a few times. */
static void
fuzz_model(struct model *m)
{
	struct model_snapshot s;
	struct model_cursor c;
	struct trace_ev ev;
	struct buf b;
	uint64_t t0, t1;
	uint32_t w[8];
	size_t i;

	buf_init(&b);
	model_cursor_begin(&c, m);
	while (model_cursor_next(&c, &ev) == 0) {
		buf_clear(&b);
		narrate_time(m, ev.t, &b);
		narrate_event(m, &c, &ev, &b);
	}
	model_cursor_fini(&c);
	buf_fini(&b);

	model_time_range(m, &t0, &t1);
	model_snapshot_init(&s);
	model_state_at(m, t0 + (t1 - t0) / 2, &s);
	for (i = 0; i < model_entity_count(m); i++)
		model_gil_waiters(m, &s, model_entity_at(m, i)->id, w, 8);
	model_snapshot_fini(&s);
	model_next_event_after(m, t0, &ev);
	model_prev_event_before(m, t1, &ev);
}

/* Store a little-endian 32-bit value. */
static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Read a little-endian 32-bit value. */
static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * Make every checksum of a copy right, so that mutations reach the event
 * decoder and the model instead of stopping at the first CRC.
 */
static void
fix_checksums(uint8_t *d, size_t size)
{
	size_t off, blen, len;

	if (size < 20)
		return;
	blen = get32(d + 12);
	if (blen > size - 20)
		return;
	put32(d + 16 + blen, cvz_crc32(0, d + 8, 8 + blen));
	off = 20 + blen;
	while (size - off >= CVZ_FRAME_LEN) {
		len = get32(d + off + 4);
		if (len > size - off - CVZ_FRAME_LEN)
			len = size - off - CVZ_FRAME_LEN;
		put32(d + off + 4, (uint32_t)len);
		put32(d + off + 28, cvz_crc32(0, d + off + CVZ_FRAME_LEN, len));
		put32(d + off + 32, cvz_crc32(0, d + off, 32));
		off += CVZ_FRAME_LEN + len;
	}
}

/* Read, fold, narrate and stream one input. */
static void
fuzz_one(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	fuzz_one(data, size);
	if (size >= 20 && size <= (1u << 20)) {
		copy = malloc(size);
		if (copy == NULL)
			return 0;
		memcpy(copy, data, size);
		fix_checksums(copy, size);
		fuzz_one(copy, size);
		free(copy);
	}
	return 0;
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	struct cvz_stream *st;
	struct cvz_file *f;
	struct model *m;
	char *cause = NULL;
	uint64_t n = 0;
	size_t half;

	f = cvz_open_mem(data, size, "fuzz", &cause);
	if (f != NULL) {
		m = model_create();
		model_set_meta(m, &f->meta);
		if (cvz_read_all(f, fuzz_append, m, &cause) != 0) {
			free(cause);
			cause = NULL;
		}
		fuzz_model(m);
		model_free(m);
		cvz_close(f);
	} else
		free(cause);
	cause = NULL;

	/* The same bytes as a stream, in two pieces. */
	st = cvz_stream_create("fuzz", NULL, fuzz_count, &n);
	half = size / 3;
	if (cvz_stream_feed(st, data, half, &cause) == 0)
		cvz_stream_feed(st, data + half, size - half, &cause);
	free(cause);
	cvz_stream_free(st);
}
