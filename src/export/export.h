/*
 * export.h — the exporters: each reads a model and writes one format to a
 * stream the caller opened. They return errors (never print to the terminal
 * on their own, never exit).
 */
#ifndef CONCVIZ_EXPORT_EXPORT_H
#define CONCVIZ_EXPORT_EXPORT_H

#include <stdio.h>

#include "trace/model.h"

/* One exporter: a name for --format and its function. */
struct export_format {
	const char	*name;
	const char	*summary;
	int		(*run)(const struct model *m, FILE *out, char **cause);
};

/* The formats this build knows (run is NULL for those not built yet). */
extern const struct export_format export_formats[];
const struct export_format *export_find(const char *name);

/* The narration, one sentence per event. */
int	export_text(const struct model *m, FILE *out, char **cause);
/* Time per state per entity, GIL handoffs, counts, overflow. */
int	export_summary(const struct model *m, FILE *out, char **cause);

#endif
