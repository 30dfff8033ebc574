/*
 * words.c — labels and formats for the panes (see words.h).
 */
#include "config.h"

#include <stdio.h>

#include "trace/event.h"
#include "ui/words.h"

static const char *words_states[] = {
#define X(n, v, s) [v] = s,
	TRACE_STATES(X)
#undef X
};

static const char *words_reasons[] = {
#define X(n, v, s) [v] = s,
	TRACE_REASONS(X)
#undef X
};

static const char *words_kinds[] = {
#define X(n, v, s) [v] = s,
	TRACE_ENTITY_KINDS(X)
#undef X
};

/* A label from a table, or "?". */
static const char *
words_label(const char **v, size_t n, unsigned i)
{
	return i < n && v[i] != NULL ? v[i] : "?";
}

#define LABEL(tab, i) words_label(tab, sizeof tab / sizeof tab[0], (i))

const char *
words_state_name(unsigned st)
{
	return LABEL(words_states, st);
}

const char *
words_reason_name(unsigned why)
{
	return LABEL(words_reasons, why);
}

const char *
words_kind_name(unsigned kind)
{
	return LABEL(words_kinds, kind);
}

/* Format a duration. */
void
words_duration(uint64_t ns, char *out, size_t len)
{
	if (ns < 1000)
		snprintf(out, len, "%llu ns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(out, len, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		snprintf(out, len, "%.2f ms", (double)ns / 1e6);
	else
		snprintf(out, len, "%.3f s", (double)ns / 1e9);
}
