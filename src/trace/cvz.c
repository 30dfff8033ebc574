/*
 * cvz.c — writing the .cvz format: CRC-32C, the event codec, chunk frames,
 * the header, chunks being built, and the file/stream writer with its index.
 * Reading (which must distrust its input) lives in cvz-read.c.
 *
 * All multi-byte fixed fields are little-endian; variable fields are LEB128
 * varints (unsigned) or zigzag varints (signed). See concviz-recording(5).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "trace/cvz.h"

#define CVZ_WRITER_CHUNK_EVENTS	4096
#define CVZ_WRITER_CHUNK_BYTES	(60u * 1024)

/*
 * CRC-32C (Castagnoli): the SSE4.2 crc32 instruction where the processor has
 * it, else slicing-by-8 tables. The same value either way.
 */
static uint32_t		crc_table[8][256];
static int		crc_hw;
static pthread_once_t	crc_once = PTHREAD_ONCE_INIT;

/* Build the tables (reflected polynomial 0x82F63B78); detect the hardware. */
static void
crc_init(void)
{
	uint32_t c;
	unsigned i, j;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0x82F63B78u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = crc_table[0][i];
		for (j = 1; j < 8; j++) {
			c = crc_table[0][c & 0xff] ^ (c >> 8);
			crc_table[j][i] = c;
		}
	}
#if defined(__x86_64__)
	__builtin_cpu_init();
	crc_hw = __builtin_cpu_supports("sse4.2");
#endif
}

#if defined(__x86_64__)
/* The inner loop on the crc32 instruction (crc already inverted). */
__attribute__((target("sse4.2"))) static uint32_t
crc_sse42(uint32_t crc, const uint8_t *p, size_t len)
{
	uint64_t c = crc, w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		c = __builtin_ia32_crc32di(c, w);
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
	return (uint32_t)c;
}
#endif

/* CRC-32C of len bytes at p, continuing crc (0 for a fresh CRC). */
uint32_t
cvz_crc32(uint32_t crc, const void *vp, size_t len)
{
	const uint8_t *p = vp;
	uint32_t a, b;

	pthread_once(&crc_once, crc_init);
	crc = ~crc;
#if defined(__x86_64__)
	if (crc_hw)
		return ~crc_sse42(crc, p, len);
#endif
	while (len >= 8) {
		a = ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24) ^ crc;
		b = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
		    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
		crc = crc_table[7][a & 0xff] ^ crc_table[6][(a >> 8) & 0xff] ^
		    crc_table[5][(a >> 16) & 0xff] ^ crc_table[4][a >> 24] ^
		    crc_table[3][b & 0xff] ^ crc_table[2][(b >> 8) & 0xff] ^
		    crc_table[1][(b >> 16) & 0xff] ^ crc_table[0][b >> 24];
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Force the table implementation (tests compare it with the hardware). */
void
cvz_crc32_no_hw(void)
{
	pthread_once(&crc_once, crc_init);
	crc_hw = 0;
}

/* Store v as a varint at p; returns bytes used (1..10). */
static inline size_t
put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Little-endian stores. */
static inline void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void
put_u64(uint8_t *p, uint64_t v)
{
	put_u32(p, (uint32_t)v);
	put_u32(p + 4, (uint32_t)(v >> 32));
}

/* Zigzag form of a two's complement difference (small either way). */
static inline uint64_t
zigzag(uint64_t u)
{
	return (u << 1) ^ (0 - (u >> 63));
}

/* Append a varint to a buffer. */
static void
buf_add_varint(struct buf *b, uint64_t v)
{
	uint8_t tmp[10];

	buf_add(b, tmp, put_varint(tmp, v));
}

/* Append a varint-length-prefixed string. */
static void
buf_add_vstr(struct buf *b, const char *s, size_t len)
{
	buf_add_varint(b, len);
	if (len != 0)
		buf_add(b, s, len);
}

/* Start a chunk: the codec's context goes back to zero. */
void
cvz_codec_reset(struct cvz_codec *c)
{
	c->prev_t = 0;
	c->prev_entity = 0;
	c->prev_kind = 0;
}

/* Encode one event; out has room for CVZ_EVENT_MAX(ev->slen). */
size_t
cvz_event_encode(struct cvz_codec *c, uint8_t *out, const struct trace_ev *ev)
{
	uint8_t flags = 0, *p = out + 1;
	int64_t dt;

	if (ev->arg != 0)
		flags |= CVZ_EF_ARG;
	if (ev->obj != 0)
		flags |= CVZ_EF_OBJ;
	if (ev->val != 0)
		flags |= CVZ_EF_VAL;
	if (ev->slen != 0)
		flags |= CVZ_EF_STR;
	if (ev->entity == c->prev_entity)
		flags |= CVZ_EF_SAME_ENT;
	if (ev->kind == c->prev_kind)
		flags |= CVZ_EF_SAME_KIND;
	out[0] = flags;
	if (!(flags & CVZ_EF_SAME_KIND))
		p += put_varint(p, ev->kind);
	dt = (int64_t)(ev->t - c->prev_t);
	p += put_varint(p, zigzag((uint64_t)dt));
	if (!(flags & CVZ_EF_SAME_ENT))
		p += put_varint(p, ev->entity);
	if (flags & CVZ_EF_ARG)
		p += put_varint(p, ev->arg);
	if (flags & CVZ_EF_OBJ)
		p += put_varint(p, ev->obj);
	if (flags & CVZ_EF_VAL)
		p += put_varint(p, ev->val);
	if (flags & CVZ_EF_STR) {
		p += put_varint(p, ev->slen);
		memcpy(p, ev->str, ev->slen);
		p += ev->slen;
	}
	c->prev_t = ev->t;
	c->prev_entity = ev->entity;
	c->prev_kind = ev->kind;
	return (size_t)(p - out);
}

/* Pack a frame into its 36 bytes (the header CRC computed here). */
void
cvz_frame_pack(uint8_t out[CVZ_FRAME_LEN], const struct cvz_frame *f)
{
	out[0] = f->type;
	out[1] = 0;
	put_u16(out + 2, 0);
	put_u32(out + 4, f->len);
	put_u64(out + 8, f->t0);
	put_u64(out + 16, f->t1);
	put_u32(out + 24, f->count);
	put_u32(out + 28, f->crc);
	put_u32(out + 32, cvz_crc32(0, out, 32));
}

/* Encode the header (magic, version, body, CRC) into b. */
void
cvz_header_encode(struct buf *b, const struct model_meta *meta)
{
	struct buf body;
	uint8_t fixed[8];
	size_t start;
	uint32_t crc;

	buf_init(&body);
	buf_add_vstr(&body, meta->concviz_version,
	    meta->concviz_version ? strlen(meta->concviz_version) : 0);
	buf_add_vstr(&body, meta->source_name,
	    meta->source_name ? strlen(meta->source_name) : 0);
	buf_add_vstr(&body, meta->source_text,
	    meta->source_text ? meta->source_len : 0);
	buf_add_vstr(&body, meta->settings,
	    meta->settings ? strlen(meta->settings) : 0);
	buf_add_varint(&body, meta->t_origin);
	buf_add_varint(&body, meta->wall_origin);

	buf_add(b, CVZ_MAGIC, CVZ_MAGIC_LEN);
	start = b->len;
	put_u16(fixed, CVZ_FORMAT_VERSION);
	put_u16(fixed + 2, 0);
	put_u32(fixed + 4, (uint32_t)body.len);
	buf_add(b, fixed, 8);
	buf_add(b, body.data, body.len);
	crc = cvz_crc32(0, b->data + start, b->len - start);
	put_u32(fixed, crc);
	buf_add(b, fixed, 4);
	buf_fini(&body);
}

/* Free the strings of a meta (those filled by the reader or the model). */
void
cvz_meta_fini(struct model_meta *meta)
{
	free(meta->concviz_version);
	free(meta->source_name);
	free(meta->source_text);
	free(meta->settings);
	memset(meta, 0, sizeof *meta);
}

/* Start an empty chunk. */
void
cvz_chunk_init(struct cvz_chunk *ch)
{
	buf_init(&ch->payload);
	cvz_codec_reset(&ch->codec);
	ch->t0 = UINT64_MAX;
	ch->t1 = 0;
	ch->count = 0;
}

/* Free a chunk's buffer. */
void
cvz_chunk_fini(struct cvz_chunk *ch)
{
	buf_fini(&ch->payload);
}

/* Add one event to the chunk. */
void
cvz_chunk_add(struct cvz_chunk *ch, const struct trace_ev *ev)
{
	struct buf *b = &ch->payload;
	struct trace_ev e = *ev;

	if (e.slen > CVZ_MAX_STR)
		e.slen = CVZ_MAX_STR;
	buf_reserve(b, CVZ_EVENT_MAX(e.slen));
	b->len += cvz_event_encode(&ch->codec, (uint8_t *)b->data + b->len, &e);
	if (e.t < ch->t0)
		ch->t0 = e.t;
	if (e.t > ch->t1)
		ch->t1 = e.t;
	ch->count++;
}

/* Append the chunk (frame + payload) to out and start a new one. */
void
cvz_chunk_finish(struct cvz_chunk *ch, struct buf *out)
{
	struct cvz_frame f;
	uint8_t frame[CVZ_FRAME_LEN];

	f.type = CVZ_CHUNK_EVENTS;
	f.len = (uint32_t)ch->payload.len;
	f.t0 = ch->count ? ch->t0 : 0;
	f.t1 = ch->count ? ch->t1 : 0;
	f.count = ch->count;
	f.crc = cvz_crc32(0, ch->payload.data, ch->payload.len);
	cvz_frame_pack(frame, &f);
	buf_add(out, frame, sizeof frame);
	buf_add(out, ch->payload.data, ch->payload.len);
	buf_clear(&ch->payload);
	cvz_codec_reset(&ch->codec);
	ch->t0 = UINT64_MAX;
	ch->t1 = 0;
	ch->count = 0;
}

/* The writer: where chunks go, and the index of what was written. */
struct cvz_writer {
	int			 fd;
	int			 own_fd;	/* a file we opened (and index) */
	char			*path;
	struct cvz_chunk	 chunk;
	struct buf		 out;
	uint64_t		 offset;	/* bytes written */
	struct cvz_chunkinfo	*index;
	size_t			 nindex, capindex;
	char			*error;		/* first error */
};

/* Write all of b to the writer's fd; -1 and w->error on failure. */
static int
writer_write(struct cvz_writer *w, const void *p, size_t len)
{
	const char *c = p;
	ssize_t n;

	if (w->error != NULL)
		return -1;
	while (len > 0) {
		n = write(w->fd, c, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			w->error = xasprintf("%s: %s",
			    w->path ? w->path : "stream", strerror(errno));
			return -1;
		}
		c += n;
		len -= (size_t)n;
		w->offset += (uint64_t)n;
	}
	return 0;
}

/* Make a writer on fd and write the header. */
static struct cvz_writer *
writer_create(int fd, int own, const char *path, const struct model_meta *meta)
{
	struct cvz_writer *w;

	w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->own_fd = own;
	w->path = path ? xstrdup(path) : NULL;
	cvz_chunk_init(&w->chunk);
	buf_init(&w->out);
	cvz_header_encode(&w->out, meta);
	if (own) {
		/* A file: fail now if it cannot be written at all. */
		writer_write(w, w->out.data, w->out.len);
		buf_clear(&w->out);
	}
	/* A stream: the header goes with the first flush (by the caller of
	   cvz_writer_flush, e.g. the collector thread). */
	return w;
}

/* Create a .cvz file at path; NULL and *cause if it cannot be created. */
struct cvz_writer *
cvz_writer_open(const char *path, const struct model_meta *meta, char **cause)
{
	struct cvz_writer *w;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	w = writer_create(fd, 1, path, meta);
	if (w->error != NULL) {
		*cause = xstrdup(w->error);
		cvz_writer_close(w, NULL);
		return NULL;
	}
	return w;
}

/* A stream writer on fd (not closed by the writer, no index). */
struct cvz_writer *
cvz_writer_fd(int fd, const struct model_meta *meta)
{
	return writer_create(fd, 0, NULL, meta);
}

/* Events in the open chunk; *t_first gets the first one's time. */
uint32_t
cvz_writer_pending(const struct cvz_writer *w, uint64_t *t_first)
{
	if (t_first != NULL)
		*t_first = w->chunk.t0;
	return w->chunk.count;
}

/* Bytes written so far. */
uint64_t
cvz_writer_bytes(const struct cvz_writer *w)
{
	return w->offset;
}

/* Write the open chunk (if any) and remember it in the index. */
int
cvz_writer_flush(struct cvz_writer *w, char **cause)
{
	struct cvz_chunkinfo *ci;

	if (w->chunk.count != 0) {
		if (w->own_fd) {
			if (w->nindex == w->capindex) {
				w->capindex = w->capindex ? w->capindex * 2 : 64;
				w->index = xreallocarray(w->index, w->capindex,
				    sizeof *w->index);
			}
			ci = &w->index[w->nindex++];
			ci->offset = w->offset;
			ci->t0 = w->chunk.t0;
			ci->t1 = w->chunk.t1;
			ci->count = w->chunk.count;
		}
		cvz_chunk_finish(&w->chunk, &w->out);
	}
	if (w->out.len != 0) {
		writer_write(w, w->out.data, w->out.len);
		buf_clear(&w->out);
	}
	if (w->error != NULL) {
		if (cause != NULL)
			*cause = xstrdup(w->error);
		return -1;
	}
	return 0;
}

/* Add an event; a full chunk is written at once. */
void
cvz_writer_add(struct cvz_writer *w, const struct trace_ev *ev)
{
	cvz_chunk_add(&w->chunk, ev);
	if (w->chunk.count >= CVZ_WRITER_CHUNK_EVENTS ||
	    w->chunk.payload.len >= CVZ_WRITER_CHUNK_BYTES)
		cvz_writer_flush(w, NULL);
}

/* Write the index chunk and the footer. */
static void
writer_index(struct cvz_writer *w)
{
	struct buf p;
	struct cvz_frame f;
	uint8_t frame[CVZ_FRAME_LEN], foot[CVZ_FOOTER_LEN];
	uint64_t prev_off = 0, prev_t0 = 0, at;
	int64_t d;
	size_t i;

	buf_init(&p);
	for (i = 0; i < w->nindex; i++) {
		buf_add_varint(&p, w->index[i].offset - prev_off);
		d = (int64_t)(w->index[i].t0 - prev_t0);
		buf_add_varint(&p, zigzag((uint64_t)d));
		buf_add_varint(&p, w->index[i].t1 - w->index[i].t0);
		buf_add_varint(&p, w->index[i].count);
		prev_off = w->index[i].offset;
		prev_t0 = w->index[i].t0;
	}
	f.type = CVZ_CHUNK_INDEX;
	f.len = (uint32_t)p.len;
	f.t0 = w->nindex ? w->index[0].t0 : 0;
	f.t1 = w->nindex ? w->index[w->nindex - 1].t1 : 0;
	f.count = (uint32_t)w->nindex;
	f.crc = cvz_crc32(0, p.data, p.len);
	cvz_frame_pack(frame, &f);
	at = w->offset;
	writer_write(w, frame, sizeof frame);
	writer_write(w, p.data, p.len);
	put_u64(foot, at);
	memcpy(foot + 8, CVZ_FOOTER_MAGIC, 8);
	writer_write(w, foot, sizeof foot);
	buf_fini(&p);
}

/* Finish and free the writer; 0 or -1 with *cause (if cause is not NULL). */
int
cvz_writer_close(struct cvz_writer *w, char **cause)
{
	int rc;

	if (w == NULL)
		return 0;
	cvz_writer_flush(w, NULL);
	if (w->own_fd) {
		writer_index(w);
		if (close(w->fd) != 0 && w->error == NULL)
			w->error = xasprintf("%s: %s", w->path, strerror(errno));
	}
	rc = w->error != NULL ? -1 : 0;
	if (rc != 0 && cause != NULL)
		*cause = xstrdup(w->error);
	cvz_chunk_fini(&w->chunk);
	buf_fini(&w->out);
	free(w->index);
	free(w->path);
	free(w->error);
	free(w);
	return rc;
}

/* Free a writer without writing anything more (a forked child's copy). */
void
cvz_writer_abandon(struct cvz_writer *w)
{
	if (w == NULL)
		return;
	if (w->own_fd)
		close(w->fd);
	cvz_chunk_fini(&w->chunk);
	buf_fini(&w->out);
	free(w->index);
	free(w->path);
	free(w->error);
	free(w);
}
