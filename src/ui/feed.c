/*
 * feed.c — the adapter of feed.h. The trace library's .cvz reader and stream
 * decoder have not landed on this branch yet, so for now this checks what it
 * can (the file exists, is readable, starts like a recording) and says
 * clearly that reading recordings is not in this build; stream bytes are
 * counted and dropped. When src/trace/ publishes its reader, only this file
 * changes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/xmalloc.h"
#include "ui/feed.h"

struct feed {
	size_t	bytes;		/* stream bytes received */
};

/* A decoder for the live stream. */
struct feed *
feed_stream_create(void)
{
	return xcalloc(1, sizeof(struct feed));
}

/* Push stream bytes (counted until the decoder lands). */
int
feed_stream_push(struct feed *f, const void *p, size_t len, struct timeline *tl,
    char **cause)
{
	(void)p;
	(void)tl;
	(void)cause;
	f->bytes += len;
	return 0;
}

/* The source text from the stream header. */
const char *
feed_stream_source(struct feed *f)
{
	(void)f;
	return NULL;
}

/* Free a decoder. */
void
feed_free(struct feed *f)
{
	free(f);
}

/* Check that a recording can be opened and read. */
int
feed_check_file(const char *path, char **cause)
{
	struct stat	 st;
	FILE		*fp;
	char		 magic[4];

	if (stat(path, &st) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s: is a directory, not a recording", path);
		return -1;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fread(magic, 1, sizeof magic, fp) != sizeof magic) {
		fclose(fp);
		*cause = xasprintf("%s: not a concviz recording (too short)", path);
		return -1;
	}
	fclose(fp);
	*cause = xasprintf("%s: cannot read recordings: the .cvz reader is not "
	    "in this build of concviz yet", path);
	return -1;
}

/* Read a whole recording into tl. */
int
feed_load_file(const char *path, struct timeline *tl, char **source,
    char **cause)
{
	(void)tl;
	*source = NULL;
	return feed_check_file(path, cause);
}
