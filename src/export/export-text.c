/*
 * export-text.c — the narration as plain text: one line per event, the time
 * in seconds since the start, then the sentence (src/trace/narrate.c).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "core/xmalloc.h"
#include "export/export.h"
#include "trace/narrate.h"

/* Write the narration of every event in the selected time range. */
int
export_text(const struct model *m, const struct export_opts *o, FILE *out,
    char **cause)
{
	struct model_cursor c;
	struct trace_ev ev;
	struct buf line;
	uint64_t t0, t1;

	if (export_range(m, o, &t0, &t1) != 0)
		return 0;
	model_cursor_begin(&c, m);
	buf_init(&line);
	while (model_cursor_next(&c, &ev) == 0) {
		if (ev.t < t0)
			continue;
		if (ev.t > t1)
			break;
		buf_clear(&line);
		buf_adds(&line, "  ");
		narrate_time(m, ev.t, &line);
		buf_adds(&line, "  ");
		narrate_event(m, &c, &ev, &line);
		buf_addc(&line, '\n');
		if (fwrite(line.data, 1, line.len, out) != line.len)
			break;
	}
	buf_fini(&line);
	model_cursor_fini(&c);
	if (ferror(out)) {
		*cause = xasprintf("write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}
