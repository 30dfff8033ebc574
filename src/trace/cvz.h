/*
 * cvz.h — the .cvz recording format (concviz-recording(5)): the event codec,
 * chunk framing with CRC-32C, the file writer, the file reader with its index,
 * and an incremental stream decoder for the same framing over a pipe.
 *
 * Everything that reads bytes from outside treats them as untrusted: errors
 * come back as an allocated message naming the file and the byte offset,
 * never as a crash, and no allocation is larger than the input justifies.
 */
#ifndef CONCVIZ_TRACE_CVZ_H
#define CONCVIZ_TRACE_CVZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "trace/emit.h"
#include "trace/model.h"

#define CVZ_MAGIC		"\211CVZ\r\n\032\n"	/* 8 bytes */
#define CVZ_MAGIC_LEN		8
#define CVZ_FORMAT_VERSION	1
#define CVZ_FOOTER_MAGIC	"\nCVZEND\n"		/* 8 bytes */
#define CVZ_FOOTER_LEN		16
#define CVZ_FRAME_LEN		36
#define CVZ_MAX_HEADER		(64u << 20)	/* header body bytes */
#define CVZ_MAX_CHUNK		(16u << 20)	/* chunk payload bytes */
#define CVZ_MAX_STR		(1u << 20)	/* one event's string */

/* Chunk types. */
#define CVZ_CHUNK_EVENTS	1
#define CVZ_CHUNK_INDEX		2

/* Event flag bits (the first byte of each encoded event). */
#define CVZ_EF_ARG		0x01	/* arg follows */
#define CVZ_EF_OBJ		0x02	/* obj follows */
#define CVZ_EF_VAL		0x04	/* val follows */
#define CVZ_EF_STR		0x08	/* string follows */
#define CVZ_EF_SAME_ENT		0x10	/* entity as the previous event */
#define CVZ_EF_SAME_KIND	0x20	/* kind as the previous event */
#define CVZ_EF_RESERVED		0xc0	/* must be zero */

/* Largest encoding of an event with a string of slen bytes. */
#define CVZ_EVENT_MAX(slen)	(2 + 6 * 10 + (size_t)(slen))

/* CRC-32C (Castagnoli, as iSCSI and ext4), continuing from crc (0 to
   start); the crc32 instruction where there is one. */
uint32_t	cvz_crc32(uint32_t crc, const void *p, size_t len);
/* Use the table implementation from now on (for tests). */
void		cvz_crc32_no_hw(void);

/* The running context of the event codec inside one chunk. */
struct cvz_codec {
	uint64_t	prev_t;
	uint32_t	prev_entity;
	uint16_t	prev_kind;
};
/* Start a chunk (both encoder and decoder). */
void	cvz_codec_reset(struct cvz_codec *c);
/* Encode ev at out (room for CVZ_EVENT_MAX(ev->slen)); returns bytes used. */
size_t	cvz_event_encode(struct cvz_codec *c, uint8_t *out,
	    const struct trace_ev *ev);
/*
 * Decode one event from p (len bytes left). Returns bytes used, or 0 with
 * *why set when the bytes are not a valid event. ev->str points into p.
 */
size_t	cvz_event_decode(struct cvz_codec *c, const uint8_t *p, size_t len,
	    struct trace_ev *ev, const char **why);

/* A chunk's frame (the 36 bytes before its payload). */
struct cvz_frame {
	uint8_t		type;
	uint32_t	len;		/* payload bytes */
	uint64_t	t0, t1;		/* time range of its events */
	uint32_t	count;		/* events (or index entries) */
	uint32_t	crc;		/* CRC-32C of the payload */
};
void	cvz_frame_pack(uint8_t out[CVZ_FRAME_LEN], const struct cvz_frame *f);
/* Check and unpack a frame; 0, or -1 with *why. */
int	cvz_frame_unpack(const uint8_t in[CVZ_FRAME_LEN], struct cvz_frame *f,
	    const char **why);
/* Decode a whole events payload; cb may stop it (returns its value). 0 ok,
   -1 with *why and *where (offset in the payload) on bad bytes. */
int	cvz_chunk_decode(const struct cvz_frame *f, const uint8_t *payload,
	    model_event_cb cb, void *arg, uint64_t first_idx, const char **why,
	    size_t *where);

/* Encode the file header into b. */
void	cvz_header_encode(struct buf *b, const struct model_meta *meta);
/* Free the strings of a meta filled by the reader. */
void	cvz_meta_fini(struct model_meta *meta);

/*
 * An events chunk being built: add events, then cvz_chunk_finish() appends
 * frame + payload to out and resets.
 */
struct cvz_chunk {
	struct buf		payload;
	struct cvz_codec	codec;
	uint64_t		t0, t1;
	uint32_t		count;
};
void	cvz_chunk_init(struct cvz_chunk *ch);
void	cvz_chunk_fini(struct cvz_chunk *ch);
void	cvz_chunk_add(struct cvz_chunk *ch, const struct trace_ev *ev);
void	cvz_chunk_finish(struct cvz_chunk *ch, struct buf *out);

/*
 * The writer: a .cvz file (with index and footer on close) or a stream on a
 * file descriptor (header and chunks only). Chunks are written when they
 * reach CVZ_WRITER_CHUNK events or bytes, or on cvz_writer_flush().
 */
struct cvz_writer;
struct cvz_writer *cvz_writer_open(const char *path,
	    const struct model_meta *meta, char **cause);
struct cvz_writer *cvz_writer_fd(int fd, const struct model_meta *meta);
void	cvz_writer_add(struct cvz_writer *w, const struct trace_ev *ev);
/* Events waiting in the open chunk, and its age (time of its first event). */
uint32_t cvz_writer_pending(const struct cvz_writer *w, uint64_t *t_first);
/* Write the open chunk now; 0 or -1 with *cause (first error kept). */
int	cvz_writer_flush(struct cvz_writer *w, char **cause);
/* Flush, write the index and footer (files), close; 0 or -1 with *cause. */
int	cvz_writer_close(struct cvz_writer *w, char **cause);
/* Free the writer without writing (in a forked child). */
void	cvz_writer_abandon(struct cvz_writer *w);
/* Bytes written so far. */
uint64_t cvz_writer_bytes(const struct cvz_writer *w);

/* One events chunk of an opened file. */
struct cvz_chunkinfo {
	uint64_t	offset;		/* of its frame in the file */
	uint64_t	t0, t1;
	uint32_t	count;
	uint64_t	first;		/* ordinal of its first event */
};

/*
 * An opened, verified recording: the header, every frame, every chunk's
 * checksum and the index are checked at open (decoding errors inside a
 * chunk whose checksum is right come from cvz_read_chunk).
 */
struct cvz_file {
	char			*name;
	uint8_t			*data;		/* the whole file */
	size_t			 size;
	struct model_meta	 meta;
	struct cvz_chunkinfo	*chunks;
	size_t			 nchunks;
	uint64_t		 nevents;
	int			 truncated;	/* cut short: no valid end */
	int			 had_index;	/* the index was present and checked */
	uint64_t		 valid_end;	/* bytes up to the last whole chunk */
};
/* Open and verify; NULL with *cause "NAME: offset N: what" on error. */
struct cvz_file	*cvz_open(const char *path, char **cause);
/* The same from memory (copied); name is used in messages. */
struct cvz_file	*cvz_open_mem(const void *data, size_t size, const char *name,
		    char **cause);
void		 cvz_close(struct cvz_file *f);
/* Decode chunk i (cb may stop: its value is returned); -1 and *cause on bad
   bytes. ev->str is valid during the callback only. */
int		 cvz_read_chunk(struct cvz_file *f, size_t i, model_event_cb cb,
		    void *arg, char **cause);
int		 cvz_read_all(struct cvz_file *f, model_event_cb cb, void *arg,
		    char **cause);
/* Index of the first chunk that may hold events at time >= t. */
size_t		 cvz_find_chunk(const struct cvz_file *f, uint64_t t);

/*
 * Load a recording into a new model. Returns the model, with *truncated set
 * if the file was cut short (events up to the last whole chunk are loaded);
 * NULL and *cause ("NAME: offset N: what") on any other damage.
 */
struct model	*cvz_load_model(const char *path, int *truncated, char **cause);

/*
 * The incremental stream decoder (the UI's end of stream_fd): feed bytes as
 * they arrive; the header callback is called once, then the event callback
 * for each event of each whole chunk. 0, or -1 and *cause on bad bytes.
 */
struct cvz_stream;
struct cvz_stream *cvz_stream_create(const char *name,
		    void (*on_header)(const struct model_meta *, void *),
		    model_event_cb on_event, void *arg);
void		 cvz_stream_free(struct cvz_stream *s);
int		 cvz_stream_feed(struct cvz_stream *s, const void *data,
		    size_t len, char **cause);
/* Bytes received but not yet part of a whole chunk (at end of stream,
   nonzero means it was cut short). */
size_t		 cvz_stream_pending(const struct cvz_stream *s);

#endif
