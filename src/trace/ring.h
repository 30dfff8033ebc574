/*
 * ring.h — private to src/trace: the per-thread event buffer shared by the
 * emitting thread (emit.c, the only producer) and the collector thread
 * (collector.c, the only consumer).
 *
 * A ring is a single-producer single-consumer queue of fixed 40-byte slots
 * plus a byte arena for string payloads. The producer publishes a slot with
 * a release store of head; the consumer frees slots and string bytes with
 * release stores of tail and str_tail. No lock, no system call.
 */
#ifndef CONCVIZ_TRACE_RING_H
#define CONCVIZ_TRACE_RING_H

#include <stdatomic.h>
#include <stdint.h>

/*
 * 65536 slots (2.5 MiB, touched only as used): legacy mode's GIL battle
 * emits about a million events a second per thread, which must fit between
 * two collector rounds even on a busy machine.
 */
#define RING_SLOTS	65536		/* events per thread (power of two) */
#define RING_STRS	65536		/* string bytes per thread (power of two) */
#define RING_STR_MAX	(RING_STRS / 4)	/* longer strings are cut */

/* One buffered event; the string (if any) is at strs[soff % RING_STRS]. */
struct ring_slot {
	uint64_t	t;
	uint64_t	val;
	uint64_t	soff;
	uint32_t	entity;
	uint32_t	obj;
	uint16_t	kind;
	uint16_t	arg;
	uint32_t	slen;
};

struct ring {
	/* Producer side (the owning thread writes, the collector reads). */
	_Atomic uint64_t	 head;
	_Atomic uint64_t	 lost;		/* events dropped, ever */
	_Atomic uint32_t	 entity;	/* the thread's entity, or 0 */
	_Atomic int		 dead;		/* trace_thread_end() was called */
	uint64_t		 str_head;	/* producer only */
	uint64_t		 cached_tail;	/* producer only */
	uint64_t		 cached_str_tail; /* producer only */
	char			 pad0[64];

	/* Consumer side (the collector writes, the producer reads). */
	_Atomic uint64_t	 tail;
	_Atomic uint64_t	 str_tail;
	uint64_t		 reported_lost;	/* collector only */
	char			 pad1[64];

	struct ring		*next;		/* registry, under ring_lock */
	struct ring_slot	*slots;
	char			*strs;
};

/* The registry of rings (emit.c). */
extern struct ring		*ring_list;
void	ring_registry_lock(void);
void	ring_registry_unlock(void);
void	ring_registry_reinit(void);
/* Free a ring (collector, once dead and drained, or at stop). */
void	ring_free(struct ring *r);
/* In a forked child: forget every ring (their threads are gone). */
void	ring_after_fork(void);

/* Whether a collector is running (under the registry lock). */
extern int ring_collector_running;

/* Entity ids (emit.c): the shared counter, reset by the root at start. */
void	trace_ids_reset(void);

#endif
