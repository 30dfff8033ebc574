/*
 * words.h — small labels and number formats the panes share: durations,
 * state, reason and kind names from src/trace/event.h's lists. The sentences
 * of the narration come from the trace library (src/trace/narrate.h).
 */
#ifndef CONCVIZ_UI_WORDS_H
#define CONCVIZ_UI_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Format a duration in ns as "1.23 ms", "12.0 us", "3.200 s" into out. */
void		 words_duration(uint64_t ns, char *out, size_t len);
/* Labels ("?" when out of range). */
const char	*words_state_name(unsigned state);
const char	*words_reason_name(unsigned reason);
const char	*words_kind_name(unsigned kind);

#endif
