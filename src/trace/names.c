/*
 * names.c — the labels of the vocabulary in event.h, generated from its
 * X-macro lists. Owns nothing else; never returns NULL.
 */
#include "config.h"

#include <stddef.h>

#include "trace/event.h"

/* Label of an entity kind, "?" for a number event.h does not know. */
const char *
trace_entity_kind_name(unsigned kind)
{
	switch (kind) {
#define X(n, v, s) case v: return s;
	TRACE_ENTITY_KINDS(X)
#undef X
	}
	return "?";
}

/* Label of a lifecycle state, "?" if unknown. */
const char *
trace_state_name(unsigned state)
{
	switch (state) {
#define X(n, v, s) case v: return s;
	TRACE_STATES(X)
#undef X
	}
	return "?";
}

/* Phrase of a wait reason ("" for none), "?" if unknown. */
const char *
trace_reason_name(unsigned reason)
{
	switch (reason) {
#define X(n, v, s) case v: return s;
	TRACE_REASONS(X)
#undef X
	}
	return "?";
}

/* Label of an event kind, "?" if unknown. */
const char *
trace_event_kind_name(unsigned kind)
{
	switch (kind) {
#define X(n, v, s) case v: return s;
	TRACE_EVENT_KINDS(X)
#undef X
	}
	return "?";
}
