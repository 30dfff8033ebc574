/*
 * export.c — the table of export formats. A new exporter is one file and one
 * line here.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "export/export.h"

const struct export_format export_formats[] = {
	{ "text", "the narration, one sentence per event", export_text },
	{ "summary", "time per state, GIL handoffs, counts", export_summary },
	{ "chrome", "Trace Event JSON for Perfetto", NULL },
	{ "asciicast", "asciinema v2 recording of the UI", NULL },
	{ "svg", "the lanes timeline as SVG", NULL },
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
