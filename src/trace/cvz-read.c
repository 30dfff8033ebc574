/*
 * cvz-read.c — reading the .cvz format from untrusted bytes: the event
 * decoder, frame checks, the header, opening and verifying a file (with its
 * index, or rebuilding it when the file was cut short), loading a model, and
 * the incremental stream decoder.
 *
 * Every length is checked against the bytes actually present before it is
 * used; every failure names the byte offset. Nothing here prints or exits.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "trace/cvz.h"

/* Little-endian loads. */
static inline uint16_t
get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
get_u64(const uint8_t *p)
{
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* Read a varint at *pp (not past end); 0, or -1 if cut or too long. */
static inline __attribute__((always_inline)) int
get_varint(const uint8_t **pp, const uint8_t *end, uint64_t *v)
{
	const uint8_t *p = *pp;
	uint64_t r = 0, b;
	unsigned shift = 0;

	if (__builtin_expect(end - p >= 10, 1)) {
		/* Unrolled: no bounds check per byte. */
		b = p[0];
		if (b < 0x80) {
			*v = b;
			*pp = p + 1;
			return 0;
		}
		r = b & 0x7f;
		b = p[1];
		r |= (b & 0x7f) << 7;
		if (b < 0x80) {
			*v = r;
			*pp = p + 2;
			return 0;
		}
		b = p[2];
		r |= (b & 0x7f) << 14;
		if (b < 0x80) {
			*v = r;
			*pp = p + 3;
			return 0;
		}
		b = p[3];
		r |= (b & 0x7f) << 21;
		if (b < 0x80) {
			*v = r;
			*pp = p + 4;
			return 0;
		}
		p += 4;
		shift = 28;
	}
	while (p < end) {
		b = *p++;
		if (shift == 63 && b > 1)
			return -1;
		r |= (b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			*pp = p;
			return 0;
		}
		shift += 7;
		if (shift > 63)
			return -1;
	}
	return -1;
}

/* Decode one event (see cvz_event_encode); 0 bytes and *why on bad input. */
static inline __attribute__((always_inline)) size_t
decode_event(struct cvz_codec *c, const uint8_t *start, size_t len,
    struct trace_ev *ev, const char **why)
{
	const uint8_t *p = start, *end = start + len;
	uint64_t v, dt;
	uint8_t flags;

	if (len < 2) {
		*why = "event cut short";
		return 0;
	}
	flags = *p++;
	if (flags & CVZ_EF_RESERVED) {
		*why = "bad event flags";
		return 0;
	}
	if (flags & CVZ_EF_SAME_KIND) {
		if (c->prev_kind == 0) {
			*why = "event repeats a kind before any was given";
			return 0;
		}
		ev->kind = c->prev_kind;
	} else {
		if (get_varint(&p, end, &v) != 0 || v == 0 || v > 0xffff) {
			*why = "bad event kind";
			return 0;
		}
		ev->kind = (uint16_t)v;
	}
	if (get_varint(&p, end, &dt) != 0) {
		*why = "bad event time";
		return 0;
	}
	ev->t = c->prev_t + ((dt >> 1) ^ (uint64_t)-(int64_t)(dt & 1));
	if (flags & CVZ_EF_SAME_ENT)
		ev->entity = c->prev_entity;
	else {
		if (get_varint(&p, end, &v) != 0 || v > UINT32_MAX) {
			*why = "bad event entity";
			return 0;
		}
		ev->entity = (uint32_t)v;
	}
	ev->arg = 0;
	if (flags & CVZ_EF_ARG) {
		if (get_varint(&p, end, &v) != 0 || v > 0xffff) {
			*why = "bad event argument";
			return 0;
		}
		ev->arg = (uint16_t)v;
	}
	ev->obj = 0;
	if (flags & CVZ_EF_OBJ) {
		if (get_varint(&p, end, &v) != 0 || v > UINT32_MAX) {
			*why = "bad event object";
			return 0;
		}
		ev->obj = (uint32_t)v;
	}
	ev->val = 0;
	if (flags & CVZ_EF_VAL) {
		if (get_varint(&p, end, &ev->val) != 0) {
			*why = "bad event value";
			return 0;
		}
	}
	ev->slen = 0;
	ev->str = NULL;
	if (flags & CVZ_EF_STR) {
		if (get_varint(&p, end, &v) != 0 || v > CVZ_MAX_STR ||
		    v > (uint64_t)(end - p)) {
			*why = "bad event string length";
			return 0;
		}
		ev->slen = (uint32_t)v;
		ev->str = (const char *)p;
		p += v;
	}
	c->prev_t = ev->t;
	c->prev_entity = ev->entity;
	c->prev_kind = ev->kind;
	return (size_t)(p - start);
}

/* Decode one event (the public entry of decode_event). */
size_t
cvz_event_decode(struct cvz_codec *c, const uint8_t *start, size_t len,
    struct trace_ev *ev, const char **why)
{
	return decode_event(c, start, len, ev, why);
}

/* Check and unpack a 36-byte frame. */
int
cvz_frame_unpack(const uint8_t in[CVZ_FRAME_LEN], struct cvz_frame *f,
    const char **why)
{
	if (get_u32(in + 32) != cvz_crc32(0, in, 32)) {
		*why = "damaged chunk frame (checksum mismatch)";
		return -1;
	}
	f->type = in[0];
	f->len = get_u32(in + 4);
	f->t0 = get_u64(in + 8);
	f->t1 = get_u64(in + 16);
	f->count = get_u32(in + 24);
	f->crc = get_u32(in + 28);
	if ((f->type != CVZ_CHUNK_EVENTS && f->type != CVZ_CHUNK_INDEX) ||
	    in[1] != 0 || get_u16(in + 2) != 0) {
		*why = "unknown chunk type";
		return -1;
	}
	if (f->len > CVZ_MAX_CHUNK) {
		*why = "chunk length too large";
		return -1;
	}
	if (f->t0 > f->t1) {
		*why = "chunk time range is reversed";
		return -1;
	}
	if ((f->type == CVZ_CHUNK_EVENTS && f->count > f->len / 2) ||
	    (f->type == CVZ_CHUNK_INDEX && f->count > f->len / 4)) {
		*why = "chunk count does not fit its length";
		return -1;
	}
	return 0;
}

/* Decode the events of a chunk, calling cb for each. */
int
cvz_chunk_decode(const struct cvz_frame *f, const uint8_t *payload,
    model_event_cb cb, void *arg, uint64_t first_idx, const char **why,
    size_t *where)
{
	struct cvz_codec c;
	struct trace_ev ev;
	size_t off = 0, n;
	uint32_t i;
	int rc;

	cvz_codec_reset(&c);
	for (i = 0; i < f->count; i++) {
		n = decode_event(&c, payload + off, f->len - off, &ev, why);
		if (n == 0) {
			*where = off;
			return -1;
		}
		if (ev.t < f->t0 || ev.t > f->t1) {
			*why = "event time outside its chunk's range";
			*where = off;
			return -1;
		}
		off += n;
		if (cb != NULL && (rc = cb(&ev, first_idx + i, arg)) != 0)
			return rc;
	}
	if (off != f->len) {
		*why = "extra bytes after the chunk's events";
		*where = off;
		return -1;
	}
	return 0;
}

/* Read a varint-prefixed string into an allocated NUL-terminated copy. */
static int
get_vstr(const uint8_t **pp, const uint8_t *end, char **out, size_t *lenp)
{
	uint64_t len;

	if (get_varint(pp, end, &len) != 0 || len > (uint64_t)(end - *pp))
		return -1;
	*out = xmalloc((size_t)len + 1);
	memcpy(*out, *pp, (size_t)len);
	(*out)[len] = '\0';
	if (lenp != NULL)
		*lenp = (size_t)len;
	*pp += len;
	return 0;
}

/*
 * Parse the header at p (avail bytes). 0 with *used set, 1 if more bytes are
 * needed (*why says what is cut), -1 with *why and *where on bad bytes.
 */
static int
header_parse(const uint8_t *p, size_t avail, struct model_meta *meta,
    size_t *used, const char **why, size_t *where)
{
	const uint8_t *q, *end;
	uint32_t blen;
	uint16_t version;
	size_t n;

	n = avail < CVZ_MAGIC_LEN ? avail : CVZ_MAGIC_LEN;
	if (memcmp(p, CVZ_MAGIC, n) != 0) {
		*why = "not a concviz recording (bad magic)";
		*where = 0;
		return -1;
	}
	if (avail < 16) {
		*why = "cut short inside the header";
		*where = avail;
		return 1;
	}
	version = get_u16(p + 8);
	if (version == 0 || version > CVZ_FORMAT_VERSION) {
		*why = version == 0 ? "bad format version 0" :
		    "format version is newer than this concviz reads (1)";
		*where = 8;
		return -1;
	}
	if (get_u16(p + 10) != 0) {
		*why = "unknown header flags";
		*where = 10;
		return -1;
	}
	blen = get_u32(p + 12);
	if (blen > CVZ_MAX_HEADER) {
		*why = "header length too large";
		*where = 12;
		return -1;
	}
	if (avail < 16 + (size_t)blen + 4) {
		*why = "cut short inside the header";
		*where = avail;
		return 1;
	}
	if (get_u32(p + 16 + blen) != cvz_crc32(0, p + 8, 8 + (size_t)blen)) {
		*why = "header checksum mismatch";
		*where = 16 + (size_t)blen;
		return -1;
	}
	q = p + 16;
	end = q + blen;
	memset(meta, 0, sizeof *meta);
	if (get_vstr(&q, end, &meta->concviz_version, NULL) != 0 ||
	    get_vstr(&q, end, &meta->source_name, NULL) != 0 ||
	    get_vstr(&q, end, &meta->source_text, &meta->source_len) != 0 ||
	    get_vstr(&q, end, &meta->settings, NULL) != 0 ||
	    get_varint(&q, end, &meta->t_origin) != 0 ||
	    get_varint(&q, end, &meta->wall_origin) != 0) {
		cvz_meta_fini(meta);
		*why = "bad header field";
		*where = (size_t)(q - p);
		return -1;
	}
	*used = 16 + (size_t)blen + 4;
	return 0;
}

/* Set *cause to "NAME: offset N: why" and return NULL-ish -1. */
static int
fail(char **cause, const char *name, uint64_t off, const char *why)
{
	if (cause != NULL)
		*cause = xasprintf("%s: offset %llu: %s", name,
		    (unsigned long long)off, why);
	return -1;
}

/* Check the index chunk against the chunks scanned before it. */
static int
index_check(struct cvz_file *f, const struct cvz_frame *fr,
    const uint8_t *p)
{
	const uint8_t *end = p + fr->len;
	uint64_t off = 0, t0 = 0, v, d, dur, count;
	size_t i;

	if (fr->count != f->nchunks)
		return -1;
	for (i = 0; i < f->nchunks; i++) {
		if (get_varint(&p, end, &v) != 0 ||
		    get_varint(&p, end, &d) != 0 ||
		    get_varint(&p, end, &dur) != 0 ||
		    get_varint(&p, end, &count) != 0)
			return -1;
		off += v;
		t0 += (d >> 1) ^ (uint64_t)-(int64_t)(d & 1);
		if (off != f->chunks[i].offset || t0 != f->chunks[i].t0 ||
		    t0 + dur != f->chunks[i].t1 || count != f->chunks[i].count)
			return -1;
	}
	return p == end ? 0 : -1;
}

/* Walk the chunks after the header; fills f or returns -1 with *cause. */
static int
file_scan(struct cvz_file *f, size_t off, char **cause)
{
	struct cvz_frame fr;
	struct cvz_chunkinfo *ci;
	const char *why;
	size_t cap = 0, rem, fl;
	uint64_t prev_t1 = 0;

	for (;;) {
		rem = f->size - off;
		f->valid_end = off;
		if (rem < CVZ_FRAME_LEN) {
			f->truncated = 1;	/* includes rem == 0: no index */
			return 0;
		}
		if (cvz_frame_unpack(f->data + off, &fr, &why) != 0)
			return fail(cause, f->name, off, why);
		if (rem - CVZ_FRAME_LEN < fr.len) {
			f->truncated = 1;
			return 0;
		}
		if (cvz_crc32(0, f->data + off + CVZ_FRAME_LEN, fr.len) != fr.crc)
			return fail(cause, f->name, off,
			    "chunk checksum mismatch");
		if (fr.type == CVZ_CHUNK_INDEX)
			break;
		if (fr.count != 0 && fr.t0 < prev_t1)
			return fail(cause, f->name, off,
			    "chunk goes back in time");
		if (f->nchunks == cap) {
			cap = cap ? cap * 2 : 64;
			f->chunks = xreallocarray(f->chunks, cap,
			    sizeof *f->chunks);
		}
		ci = &f->chunks[f->nchunks++];
		ci->offset = off;
		ci->t0 = fr.t0;
		ci->t1 = fr.t1;
		ci->count = fr.count;
		ci->first = f->nevents;
		f->nevents += fr.count;
		if (fr.count != 0)
			prev_t1 = fr.t1;
		off += CVZ_FRAME_LEN + fr.len;
	}

	/* The index chunk: it must list exactly the chunks seen. */
	if (index_check(f, &fr, f->data + off + CVZ_FRAME_LEN) != 0)
		return fail(cause, f->name, off,
		    "the index does not match the chunks");
	fl = off;
	off += CVZ_FRAME_LEN + fr.len;
	f->valid_end = off;
	rem = f->size - off;
	if (rem > CVZ_FOOTER_LEN)
		return fail(cause, f->name, off + CVZ_FOOTER_LEN,
		    "unexpected bytes after the end of the recording");
	{
		uint8_t foot[CVZ_FOOTER_LEN];
		size_t i;

		for (i = 0; i < 8; i++)
			foot[i] = (uint8_t)((uint64_t)fl >> (8 * i));
		memcpy(foot + 8, CVZ_FOOTER_MAGIC, 8);
		for (i = 0; i < rem; i++) {
			if (f->data[off + i] != foot[i])
				return fail(cause, f->name, off + i,
				    "bad footer");
		}
	}
	f->had_index = 1;
	if (rem < CVZ_FOOTER_LEN)
		f->truncated = 1;
	else
		f->valid_end = f->size;
	return 0;
}

/* Verify data (owned by f from here) and fill f. */
static struct cvz_file *
file_open(uint8_t *data, size_t size, const char *name, char **cause)
{
	struct cvz_file *f;
	const char *why;
	size_t used = 0, where;
	int rc;

	f = xcalloc(1, sizeof *f);
	f->name = xstrdup(name);
	f->data = data;
	f->size = size;
	if (size == 0) {
		fail(cause, name, 0, "empty file, not a concviz recording");
		cvz_close(f);
		return NULL;
	}
	rc = header_parse(data, size, &f->meta, &used, &why, &where);
	if (rc != 0) {
		fail(cause, name, where, why);
		cvz_close(f);
		return NULL;
	}
	if (file_scan(f, used, cause) != 0) {
		cvz_close(f);
		return NULL;
	}
	return f;
}

/* Open and verify a recording in memory (the bytes are copied). */
struct cvz_file *
cvz_open_mem(const void *data, size_t size, const char *name, char **cause)
{
	uint8_t *copy;

	copy = xmalloc(size ? size : 1);
	if (size != 0)
		memcpy(copy, data, size);
	return file_open(copy, size, name, cause);
}

/* Open and verify a recording file. */
struct cvz_file *
cvz_open(const char *path, char **cause)
{
	struct stat sb;
	uint8_t *data = NULL;
	size_t size = 0, cap = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		*cause = xasprintf("%s: %s", path, strerror(EISDIR));
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
		cap = (size_t)sb.st_size + 1;
	if (cap != 0)
		data = xmalloc(cap);
	for (;;) {
		if (size == cap) {
			cap = cap ? cap * 2 : 65536;
			data = xrealloc(data, cap);
		}
		n = read(fd, data + size, cap - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			free(data);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		size += (size_t)n;
	}
	close(fd);
	return file_open(data, size, path, cause);
}

/* Free an opened recording. */
void
cvz_close(struct cvz_file *f)
{
	if (f == NULL)
		return;
	cvz_meta_fini(&f->meta);
	free(f->chunks);
	free(f->data);
	free(f->name);
	free(f);
}

/* Decode chunk i of f. */
int
cvz_read_chunk(struct cvz_file *f, size_t i, model_event_cb cb, void *arg,
    char **cause)
{
	struct cvz_frame fr;
	const uint8_t *p;
	const char *why;
	size_t where;
	int rc;

	if (i >= f->nchunks)
		return 0;
	p = f->data + f->chunks[i].offset;
	if (cvz_frame_unpack(p, &fr, &why) != 0)
		return fail(cause, f->name, f->chunks[i].offset, why);
	rc = cvz_chunk_decode(&fr, p + CVZ_FRAME_LEN, cb, arg,
	    f->chunks[i].first, &why, &where);
	if (rc == -1)
		return fail(cause, f->name,
		    f->chunks[i].offset + CVZ_FRAME_LEN + where, why);
	return rc;
}

/* Decode every chunk in order. */
int
cvz_read_all(struct cvz_file *f, model_event_cb cb, void *arg, char **cause)
{
	size_t i;
	int rc;

	for (i = 0; i < f->nchunks; i++) {
		if ((rc = cvz_read_chunk(f, i, cb, arg, cause)) != 0)
			return rc;
	}
	return 0;
}

/* First chunk whose events may be at time >= t (binary search on t1). */
size_t
cvz_find_chunk(const struct cvz_file *f, uint64_t t)
{
	size_t lo = 0, hi = f->nchunks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (f->chunks[mid].t1 < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Fold a decoded event into the model being loaded. */
static int
load_event(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	model_append(arg, ev);
	return 0;
}

/* Load a recording into a new model. */
struct model *
cvz_load_model(const char *path, int *truncated, char **cause)
{
	struct cvz_file *f;
	struct model *m;

	if ((f = cvz_open(path, cause)) == NULL)
		return NULL;
	m = model_create();
	model_set_meta(m, &f->meta);
	if (cvz_read_all(f, load_event, m, cause) != 0) {
		model_free(m);
		cvz_close(f);
		return NULL;
	}
	if (truncated != NULL)
		*truncated = f->truncated;
	cvz_close(f);
	return m;
}

/* The stream decoder's state. */
struct cvz_stream {
	char		*name;
	struct buf	 in;		/* bytes not yet consumed */
	size_t		 start;		/* consumed prefix of in */
	uint64_t	 offset;	/* stream offset of in.data[start] */
	int		 have_header;
	uint64_t	 nevents;
	void		(*on_header)(const struct model_meta *, void *);
	model_event_cb	 on_event;
	void		*arg;
};

/* Create a stream decoder; name is used in messages. */
struct cvz_stream *
cvz_stream_create(const char *name,
    void (*on_header)(const struct model_meta *, void *),
    model_event_cb on_event, void *arg)
{
	struct cvz_stream *s;

	s = xcalloc(1, sizeof *s);
	s->name = xstrdup(name ? name : "stream");
	buf_init(&s->in);
	s->on_header = on_header;
	s->on_event = on_event;
	s->arg = arg;
	return s;
}

/* Free a stream decoder. */
void
cvz_stream_free(struct cvz_stream *s)
{
	if (s == NULL)
		return;
	buf_fini(&s->in);
	free(s->name);
	free(s);
}

/* Bytes received but not yet decoded. */
size_t
cvz_stream_pending(const struct cvz_stream *s)
{
	return s->in.len - s->start;
}

/* Feed bytes; decode every whole header/chunk now present. */
int
cvz_stream_feed(struct cvz_stream *s, const void *data, size_t len,
    char **cause)
{
	struct model_meta meta;
	struct cvz_frame fr;
	const uint8_t *p;
	const char *why;
	size_t avail, used, where;
	int rc;

	if (len != 0)
		buf_add(&s->in, data, len);
	for (;;) {
		p = (const uint8_t *)s->in.data + s->start;
		avail = s->in.len - s->start;
		if (avail == 0)
			break;
		if (!s->have_header) {
			rc = header_parse(p, avail, &meta, &used, &why, &where);
			if (rc == 1)
				break;
			if (rc != 0)
				return fail(cause, s->name, s->offset + where,
				    why);
			if (s->on_header != NULL)
				s->on_header(&meta, s->arg);
			cvz_meta_fini(&meta);
			s->have_header = 1;
		} else {
			if (avail < CVZ_FRAME_LEN)
				break;
			if (cvz_frame_unpack(p, &fr, &why) != 0)
				return fail(cause, s->name, s->offset, why);
			if (avail - CVZ_FRAME_LEN < fr.len)
				break;
			if (cvz_crc32(0, p + CVZ_FRAME_LEN, fr.len) != fr.crc)
				return fail(cause, s->name, s->offset,
				    "chunk checksum mismatch");
			if (fr.type == CVZ_CHUNK_EVENTS) {
				rc = cvz_chunk_decode(&fr, p + CVZ_FRAME_LEN,
				    s->on_event, s->arg, s->nevents, &why,
				    &where);
				if (rc == -1)
					return fail(cause, s->name, s->offset +
					    CVZ_FRAME_LEN + where, why);
				s->nevents += fr.count;
			}
			used = CVZ_FRAME_LEN + fr.len;
		}
		s->start += used;
		s->offset += used;
	}
	/* Compact once the consumed prefix dominates. */
	if (s->start != 0 && s->start >= s->in.len / 2) {
		memmove(s->in.data, s->in.data + s->start, s->in.len - s->start);
		s->in.len -= s->start;
		s->in.data[s->in.len] = '\0';
		s->start = 0;
	}
	return 0;
}
