/*
 * narrate.h — one plain-English sentence per event (the narration), shared
 * by the TUI's narration pane and the text exporter. Reads the model and a
 * cursor positioned just after the event; writes into a buffer; never prints.
 */
#ifndef CONCVIZ_TRACE_NARRATE_H
#define CONCVIZ_TRACE_NARRATE_H

#include <stdint.h>

#include "core/buf.h"
#include "trace/model.h"

/* Append the sentence for ev (just returned by model_cursor_next(c)). */
void	narrate_event(const struct model *m, const struct model_cursor *c,
	    const struct trace_ev *ev, struct buf *out);
/* Append a duration in a readable unit ("5.0 ms", "20.0 us", "1.250 s"). */
void	narrate_duration(struct buf *out, uint64_t ns);
/* Seconds since the recording's origin, as "%.6f". */
void	narrate_time(const struct model *m, uint64_t t, struct buf *out);

#endif
