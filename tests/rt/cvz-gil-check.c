/*
 * cvz-gil-check.c — test helper: read a recording and check the runtime's
 * invariants the way a viewer sees them. Exits 1 (with a message) if the
 * GIL ever has two holders, a thread holds it while Timed Waiting, or
 * events were lost; prints one line per join wait, "JOINER joins JOINED
 * (blocked|timed)", and per timed wait, for the shell tests.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "trace/cvz.h"
#include "trace/model.h"

int
main(int argc, char **argv)
{
	struct model	*m;
	struct trace_ev	 ev;
	char		*cause = NULL;
	uint64_t	 i, n, takes = 0;
	uint32_t	 holder = 0;
	int		 truncated = 0;
	unsigned	 st;
	const struct model_entity *e;
	const struct model_interval *iv;
	const struct model_estate *g;
	struct model_snapshot snap;
	size_t		 k, j, ni;
	uint32_t	 gil = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: cvz-gil-check FILE.cvz\n");
		return 2;
	}
	if ((m = cvz_load_model(argv[1], &truncated, &cause)) == NULL) {
		fprintf(stderr, "cvz-gil-check: %s\n", cause);
		return 2;
	}
	if (model_counters(m)->overflow_lost != 0) {
		fprintf(stderr, "cvz-gil-check: %llu events lost\n",
		    (unsigned long long)model_counters(m)->overflow_lost);
		return 1;
	}
	n = model_event_count(m);
	for (i = 0; i < n; i++) {
		model_event(m, i, &ev);
		if (ev.kind == TRACE_EV_GIL_TAKE) {
			if (holder != 0) {
				fprintf(stderr, "event %llu: %s takes the GIL "
				    "held by %s\n", (unsigned long long)i,
				    model_entity_name(m, ev.entity),
				    model_entity_name(m, holder));
				return 1;
			}
			holder = ev.entity;
			takes++;
		} else if (ev.kind == TRACE_EV_GIL_DROP) {
			if (holder != ev.entity) {
				fprintf(stderr, "event %llu: a drop by a "
				    "non-holder\n", (unsigned long long)i);
				return 1;
			}
			holder = 0;
		} else if (ev.kind == TRACE_EV_STATE &&
		    (ev.arg >> 8) == TRACE_WHY_JOIN) {
			st = ev.arg & 0xff;
			printf("%s joins ", model_entity_name(m, ev.entity));
			printf("%s %s\n", model_entity_name(m, ev.obj),
			    st == TRACE_ST_BLOCKED ? "blocked" : "timed");
		}
	}
	printf("gil takes %llu\n", (unsigned long long)takes);

	/* A thread in a timed wait holds no GIL at any time of it. */
	for (k = 0; k < model_entity_count(m); k++) {
		e = model_entity_at(m, k);
		if (e->kind == TRACE_ENT_GIL)
			gil = e->id;
	}
	model_snapshot_init(&snap);
	for (k = 0; gil != 0 && k < model_entity_count(m); k++) {
		e = model_entity_at(m, k);
		if (e->kind != TRACE_ENT_THREAD)
			continue;
		iv = model_intervals(m, e->id, &ni);
		for (j = 0; j < ni; j++) {
			if (iv[j].state != TRACE_ST_TIMED ||
			    iv[j].t1 == MODEL_T_NEVER)
				continue;
			model_state_at(m, iv[j].t0 + (iv[j].t1 - iv[j].t0) / 2,
			    &snap);
			g = model_snapshot_get(m, &snap, gil);
			if (g != NULL && g->holder == e->id) {
				fprintf(stderr, "%s holds the GIL while Timed "
				    "Waiting\n", e->name);
				return 1;
			}
			printf("%s timed-waits (%s) without the GIL\n", e->name,
			    trace_reason_name(iv[j].reason));
		}
	}
	model_snapshot_fini(&snap);
	model_free(m);
	return 0;
}
