/*
 * xmalloc.h — allocation that never returns NULL, and small string helpers.
 *
 * Out of memory is not an error the program can report sensibly, so these
 * print one line and abort. Everything else in concviz allocates through here.
 */
#ifndef CONCVIZ_CORE_XMALLOC_H
#define CONCVIZ_CORE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Report an unrecoverable internal condition and abort. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
