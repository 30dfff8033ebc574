/* trace-stub.h — what the process tests see of the stand-in emitter. */
#ifndef CONCVIZ_TESTS_PROC_TRACE_STUB_H
#define CONCVIZ_TESTS_PROC_TRACE_STUB_H

#include <stdint.h>

#include "trace/event.h"

struct stub_ev {
	uint16_t	kind;
	uint16_t	arg;
	uint32_t	entity;
	uint32_t	obj;
	uint64_t	val;
	int		ready;	/* set (release) once the fields are written */
};
#define STUB_MAX	4096
extern struct stub_ev	stub_events[STUB_MAX];
extern unsigned		stub_nevents;

/* Forget the kept events. */
void stub_reset(void);
/* First event of kind (entity 0: any; state -1: any). */
const struct stub_ev *stub_find(enum trace_kind kind, uint32_t entity, int state);

#endif
