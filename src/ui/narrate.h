/*
 * narrate.h — one plain English sentence per event, for the narration pane.
 * A thin adapter until the text exporter (src/export) offers its sentence
 * function; reads the timeline for names, never draws.
 */
#ifndef CONCVIZ_UI_NARRATE_H
#define CONCVIZ_UI_NARRATE_H

#include "core/buf.h"
#include "ui/timeline.h"

/* Append the sentence for ev to b (no trailing newline). Returns 0 if the
   event is not worth a sentence (e.g. a LINE change). */
int	narrate_event(const struct timeline *tl, const struct trace_ev *ev,
	    struct buf *b);
/* Format a duration in ns as "1.234 ms", "12 us", "3.2 s" into buf. */
void	narrate_duration(uint64_t ns, char *out, size_t len);

/* Labels from event.h's lists ("?" when out of range). */
const char *narrate_state_name(unsigned state);
const char *narrate_reason_name(unsigned reason);
const char *narrate_kind_name(unsigned kind);

#endif
