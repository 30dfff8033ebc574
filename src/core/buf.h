/*
 * buf.h — a growable byte buffer, the one string builder in concviz.
 * Embedded by value (buf_init/buf_fini); the data is always NUL-terminated.
 */
#ifndef CONCVIZ_CORE_BUF_H
#define CONCVIZ_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char   *data;
	size_t  len;
	size_t  cap;
};

void  buf_init(struct buf *b);
void  buf_fini(struct buf *b);
void  buf_reserve(struct buf *b, size_t extra);
void  buf_add(struct buf *b, const void *p, size_t n);
void  buf_adds(struct buf *b, const char *s);
void  buf_addc(struct buf *b, char c);
void  buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void  buf_clear(struct buf *b);
/* Hand the allocation to the caller (who frees it); the buffer is reset. */
char *buf_detach(struct buf *b, size_t *lenp);

#endif
