/*
 * emit.c — the producer side of the emit path: each thread's ring, the
 * registry of rings, run-unique entity ids, and trace_emit itself.
 *
 * The hot path (trace_emit, trace_emit_str) touches only the calling thread's
 * ring through a thread-local pointer: a vDSO clock read, a slot store and a
 * release store of head. It never locks and never makes a system call. The
 * registry lock is taken only when a thread begins or ends, and by the
 * collector for each round. Making or ending a ring (malloc/free under the
 * registry lock) is a fork-gate section (forkgate.h). This file must not
 * know about sinks or formats (collector.c does).
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "trace/emit.h"
#include "trace/forkgate.h"
#include "trace/ring.h"

int trace_on;

/* The calling thread's ring (NULL until its first emit or thread_begin). */
static __thread struct ring *ring_self;

/* All rings; under ring_mutex. */
struct ring *ring_list;
int ring_collector_running;
static pthread_mutex_t ring_mutex = PTHREAD_MUTEX_INITIALIZER;

/*
 * Entity ids come from a counter in a MAP_SHARED page so that forked children
 * (which inherit the mapping) never hand out an id twice. Before the page
 * exists (or if mmap failed) a process-local counter is used.
 */
#define RING_MAP_SIZE	(RING_SLOTS * sizeof(struct ring_slot) + RING_STRS)

struct trace_ids {
	_Atomic uint32_t	next;
};
static struct trace_ids *ids_shared;
static struct trace_ids ids_local = { 1 };

/* Take the registry lock (thread begin/end and collector rounds). */
void
ring_registry_lock(void)
{
	pthread_mutex_lock(&ring_mutex);
}

/* Release the registry lock. */
void
ring_registry_unlock(void)
{
	pthread_mutex_unlock(&ring_mutex);
}

/*
 * Allocate an empty ring. The slots and the arena are mapped directly so that
 * only the pages a thread actually writes cost memory (a thousand threads
 * that emit little stay cheap).
 */
static struct ring *
ring_create(void)
{
	struct ring *r;
	void *p;

	r = xcalloc(1, sizeof *r);
	p = mmap(NULL, RING_MAP_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatal("out of memory for a trace buffer");
	r->slots = p;
	r->strs = (char *)p + RING_SLOTS * sizeof *r->slots;
	return r;
}

/* Free a ring. */
void
ring_free(struct ring *r)
{
	if (r == NULL)
		return;
	munmap(r->slots, RING_MAP_SIZE);
	free(r);
}

/* In a forked child (atfork handler): a fresh registry lock. */
void
ring_registry_reinit(void)
{
	pthread_mutex_init(&ring_mutex, NULL);
}

/*
 * A thread that exits without trace_thread_end() (or never called
 * trace_thread_begin() and emitted anyway) still gives its ring back: a
 * thread-specific key's destructor ends it.
 */
static pthread_key_t ring_key;
static pthread_once_t ring_key_once = PTHREAD_ONCE_INIT;

static void	ring_end(struct ring *r);

/* Key destructor: the thread is exiting with its ring still attached. */
static void
ring_key_destroy(void *arg)
{
	if (ring_self == arg)
		ring_self = NULL;
	ring_end(arg);
}

/* Create the key (once). */
static void
ring_key_init(void)
{
	if (pthread_key_create(&ring_key, ring_key_destroy) != 0)
		fatal("cannot create the trace buffer key");
}

/* Give the calling thread a ring and register it. */
static struct ring *
ring_attach(void)
{
	struct ring *r;

	pthread_once(&ring_key_once, ring_key_init);
	forkgate_enter();	/* allocates; any thread may get here */
	r = ring_create();
	ring_registry_lock();
	r->next = ring_list;
	ring_list = r;
	ring_registry_unlock();
	forkgate_leave();
	ring_self = r;
	pthread_setspecific(ring_key, r);
	return r;
}

/* Register the calling thread's buffer (idempotent). */
void
trace_thread_begin(void)
{
	if (ring_self == NULL)
		ring_attach();
}

/*
 * Unregister the calling thread's buffer: the collector drains and frees it;
 * with no collector running it is freed here.
 */
void
trace_thread_end(void)
{
	struct ring *r = ring_self;

	if (r == NULL)
		return;
	ring_self = NULL;
	pthread_setspecific(ring_key, NULL);
	ring_end(r);
}

/* Hand a ring back: to the collector, or freed when none runs. */
static void
ring_end(struct ring *r)
{
	struct ring **pp;

	forkgate_enter();	/* may free; any thread may get here */
	ring_registry_lock();
	if (ring_collector_running)
		atomic_store_explicit(&r->dead, 1, memory_order_release);
	else {
		for (pp = &ring_list; *pp != NULL; pp = &(*pp)->next) {
			if (*pp == r) {
				*pp = r->next;
				break;
			}
		}
		ring_free(r);
	}
	ring_registry_unlock();
	forkgate_leave();
}

/* Name the entity of the calling thread (for its OVERFLOW events). */
void
trace_thread_entity(uint32_t id)
{
	struct ring *r = ring_self;

	if (r == NULL)
		r = ring_attach();
	atomic_store_explicit(&r->entity, id, memory_order_relaxed);
}

/*
 * In a forked child: the other threads do not exist here and the lock may
 * have been held by one of them at fork time. Reset the lock and free every
 * ring; the calling thread gets a fresh ring at its next emit.
 */
void
ring_after_fork(void)
{
	struct ring *r, *next;

	pthread_mutex_init(&ring_mutex, NULL);
	for (r = ring_list; r != NULL; r = next) {
		next = r->next;
		ring_free(r);
	}
	ring_list = NULL;
	ring_self = NULL;
	pthread_once(&ring_key_once, ring_key_init);
	pthread_setspecific(ring_key, NULL);
	ring_collector_running = 0;
}

/* Reset the run-wide id counter (root process, at trace_start). */
void
trace_ids_reset(void)
{
	void *p;

	if (ids_shared == NULL) {
		p = mmap(NULL, sizeof *ids_shared, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			ids_shared = p;
	}
	if (ids_shared != NULL)
		atomic_store(&ids_shared->next, 1);
	atomic_store(&ids_local.next, 1);
}

/* Allocate a run-unique entity id and emit its ENTITY_NEW. */
uint32_t
trace_entity_new(enum trace_entity_kind kind, uint32_t parent,
    const char *name)
{
	struct trace_ids *ids = ids_shared != NULL ? ids_shared : &ids_local;
	uint32_t id;

	id = atomic_fetch_add_explicit(&ids->next, 1, memory_order_relaxed);
	if (trace_on) {
		trace_emit_str(TRACE_EV_ENTITY_NEW, id, (uint16_t)kind, parent,
		    0, name, name != NULL ? strlen(name) : 0);
	}
	return id;
}

/* Reserve a slot in r; NULL (and the loss counted) if the ring is full. */
static inline struct ring_slot *
ring_reserve(struct ring *r, uint64_t h)
{
	if (h - r->cached_tail >= RING_SLOTS) {
		r->cached_tail = atomic_load_explicit(&r->tail,
		    memory_order_acquire);
		if (h - r->cached_tail >= RING_SLOTS)
			return NULL;
	}
	return &r->slots[h & (RING_SLOTS - 1)];
}

/* Count one lost event (producer only, so a plain increment suffices). */
static inline void
ring_lose(struct ring *r)
{
	atomic_store_explicit(&r->lost,
	    atomic_load_explicit(&r->lost, memory_order_relaxed) + 1,
	    memory_order_relaxed);
}

/* Emit an event without a string payload. */
void
trace_emit(enum trace_kind kind, uint32_t entity, uint16_t arg, uint32_t obj,
    uint64_t val)
{
	struct ring *r = ring_self;
	struct ring_slot *s;
	uint64_t h;

	if (!trace_on)
		return;
	if (__builtin_expect(r == NULL, 0))
		r = ring_attach();
	h = atomic_load_explicit(&r->head, memory_order_relaxed);
	if ((s = ring_reserve(r, h)) == NULL) {
		ring_lose(r);
		return;
	}
	s->t = clock_now_ns();
	s->val = val;
	s->entity = entity;
	s->obj = obj;
	s->kind = (uint16_t)kind;
	s->arg = arg;
	s->slen = 0;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
}

/* Emit an event with a string payload, copied into the ring's arena. */
void
trace_emit_str(enum trace_kind kind, uint32_t entity, uint16_t arg,
    uint32_t obj, uint64_t val, const char *str, size_t len)
{
	struct ring *r = ring_self;
	struct ring_slot *s;
	uint64_t h, off;

	if (!trace_on)
		return;
	if (__builtin_expect(r == NULL, 0))
		r = ring_attach();
	if (str == NULL)
		len = 0;
	if (len > RING_STR_MAX)
		len = RING_STR_MAX;
	h = atomic_load_explicit(&r->head, memory_order_relaxed);
	if ((s = ring_reserve(r, h)) == NULL) {
		ring_lose(r);
		return;
	}
	off = r->str_head;
	if ((off & (RING_STRS - 1)) + len > RING_STRS)
		off = (off + RING_STRS - 1) & ~(uint64_t)(RING_STRS - 1);
	if (off + len - r->cached_str_tail > RING_STRS) {
		r->cached_str_tail = atomic_load_explicit(&r->str_tail,
		    memory_order_acquire);
		if (off + len - r->cached_str_tail > RING_STRS) {
			ring_lose(r);
			return;
		}
	}
	if (len != 0)
		memcpy(r->strs + (off & (RING_STRS - 1)), str, len);
	r->str_head = off + len;
	s->t = clock_now_ns();
	s->val = val;
	s->soff = off;
	s->entity = entity;
	s->obj = obj;
	s->kind = (uint16_t)kind;
	s->arg = arg;
	s->slen = (uint32_t)len;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
}
