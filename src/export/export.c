/*
 * export.c — the table of export formats, and the few helpers they share
 * (string escaping for JSON and XML, the time range, buffered writing). A
 * new exporter is one file and one line here.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "core/xmalloc.h"
#include "export/export.h"

const struct export_format export_formats[] = {
	{ "text", "the narration, one sentence per event", export_text },
	{ "summary", "time per state, GIL handoffs, counts", export_summary },
	{ "chrome", "Trace Event JSON for Perfetto", export_chrome },
	{ "asciicast", "asciinema v2 recording of the UI", export_asciicast },
	{ "svg", "the lanes timeline as SVG", export_svg },
	{ NULL, NULL, NULL }
};

/* Look a format up by name. */
const struct export_format *
export_find(const char *name)
{
	const struct export_format *f;

	for (f = export_formats; f->name != NULL; f++) {
		if (strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

/*
 * Decode one UTF-8 character at p (n bytes left): its length, with *cp set,
 * or 0 when the bytes are not valid UTF-8 (overlong, surrogate, too big,
 * truncated).
 */
static size_t
export_utf8(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Append a JSON string. */
void
export_json_str(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, k;

	buf_addc(b, '"');
	while (i < len) {
		if ((k = export_utf8(p + i, len - i, &cp)) == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		switch (cp) {
		case '"':  buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			if (cp < 0x20 || cp == 0x7f)
				buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				buf_add(b, p + i, k);
		}
		i += k;
	}
	buf_addc(b, '"');
}

/* Append XML character data (good in text and in quoted attributes). */
void
export_xml_str(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, k;

	while (i < len) {
		if ((k = export_utf8(p + i, len - i, &cp)) == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		switch (cp) {
		case '&':  buf_adds(b, "&amp;"); break;
		case '<':  buf_adds(b, "&lt;"); break;
		case '>':  buf_adds(b, "&gt;"); break;
		case '"':  buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		case '\t': case '\n': case '\r':
			buf_printf(b, "&#%u;", (unsigned)cp);
			break;
		default:
			if (cp < 0x20 || cp == 0xfffe || cp == 0xffff)
				buf_adds(b, "\xef\xbf\xbd");
			else
				buf_add(b, p + i, k);
		}
		i += k;
	}
}

/* The absolute range the options select. */
int
export_range(const struct model *m, const struct export_opts *o,
    uint64_t *t0, uint64_t *t1)
{
	uint64_t a, z;

	model_time_range(m, &a, &z);
	*t0 = a;
	*t1 = z;
	if (o != NULL && o->from > z - a)
		return -1;		/* starts after the end */
	if (o != NULL && o->from != 0)
		*t0 = a + o->from;
	if (o != NULL && o->to != 0)
		*t1 = o->to > z - a ? z : a + o->to;
	return *t0 <= *t1 ? 0 : -1;
}

/* The program's name. */
const char *
export_program(const struct model *m)
{
	const struct model_meta *meta = model_meta(m);

	if (meta->source_name != NULL && *meta->source_name != '\0')
		return meta->source_name;
	return "a recording";
}

/* Write the buffer out once it is big enough. */
int
export_flush(struct buf *b, FILE *out, size_t limit, char **cause)
{
	if (b->len <= limit && limit != 0)
		return 0;
	if (b->len != 0 && fwrite(b->data, 1, b->len, out) != b->len) {
		*cause = xasprintf("write error: %s", strerror(errno));
		buf_clear(b);
		return -1;
	}
	buf_clear(b);
	return 0;
}

/* Lanes: processes, threads and tasks. */
int
export_is_lane(unsigned kind)
{
	return kind == TRACE_ENT_PROCESS || kind == TRACE_ENT_THREAD ||
	    kind == TRACE_ENT_TASK;
}
