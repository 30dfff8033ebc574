/*
 * shm-sync.c — process-shared synchronisation in the shared arena: locks,
 * recursive locks, semaphores, events, conditions, barriers, and typed
 * arrays (Value, Array).
 *
 * Each object is one block of shared memory holding a robust
 * PTHREAD_PROCESS_SHARED mutex, a condition variable on CLOCK_MONOTONIC and
 * the state the mutex guards. Any thread of any process of the run may call
 * any function. A fast path never waits; a slow path follows the wait
 * protocol of ipc-wait.c (state event, GIL released, internal mutex only
 * while not holding the GIL... never the other way round). This file never
 * prints.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "rt/intr.h"
#include "rt/ipc-int.h"
#include "rt/proc.h"
#include "rt/shm.h"
#include "trace/emit.h"

struct shm_sem {
	pthread_mutex_t	m;
	pthread_cond_t	c;
	int		kind;		/* enum shm_sem_kind */
	int64_t		value;
	int64_t		max;		/* BoundedSemaphore, locks: 1 */
	pid_t		owner_pid;	/* locks: holder (0 if none) */
	pid_t		owner_tid;
	int64_t		count;		/* RLock recursion */
	uint32_t	entity;
	uint32_t	holder_entity;
	unsigned	waiters;
	int		quiet;		/* internal: no LOCK_* events */
};

struct shm_event {
	pthread_mutex_t	m;
	pthread_cond_t	c;
	int		flag;
	uint32_t	entity;
};

struct shm_cond {
	pthread_mutex_t	m;
	pthread_cond_t	c;
	struct shm_sem *lock;
	int		own_lock;
	int64_t		waiting;	/* threads inside wait() */
	int64_t		to_wake;	/* notifications not yet consumed */
	uint32_t	entity;
};

struct shm_barrier {
	pthread_mutex_t	m;
	pthread_cond_t	c;
	unsigned	parties;
	unsigned	count;		/* arrived in this generation */
	uint64_t	generation;	/* completed rounds */
	uint64_t	epoch;		/* resets */
	int		broken;
	int		releasing;	/* the last arrival runs the action */
	uint32_t	entity;
};

/* A new trace entity for a shared object, child of this process. */
static uint32_t
shm_entity(enum trace_entity_kind kind, const char *name)
{
	if (!trace_on)
		return 0;
	return trace_entity_new(kind, proc_self_entity(), name);
}

/* --- semaphores and locks ------------------------------------------------- */

static const struct {
	enum trace_entity_kind	kind;
	const char	       *name;
	enum trace_reason	why;
} shm_sem_info[] = {
	[SHM_LOCK] = { TRACE_ENT_LOCK, "Lock", TRACE_WHY_LOCK },
	[SHM_RLOCK] = { TRACE_ENT_RLOCK, "RLock", TRACE_WHY_LOCK },
	[SHM_SEMAPHORE] = { TRACE_ENT_SEMAPHORE, "Semaphore",
	    TRACE_WHY_SEMAPHORE },
	[SHM_BOUNDED] = { TRACE_ENT_SEMAPHORE, "BoundedSemaphore",
	    TRACE_WHY_SEMAPHORE },
};

struct shm_sem *
shm_sem_create(enum shm_sem_kind kind, int64_t value)
{
	struct shm_sem *s = shm_alloc(sizeof *s);

	ipc_pshared_mutex_init(&s->m);
	ipc_pshared_cond_init(&s->c);
	s->kind = kind;
	if (kind == SHM_LOCK || kind == SHM_RLOCK)
		value = 1;
	s->value = value < 0 ? 0 : value;
	s->max = kind == SHM_BOUNDED || kind == SHM_LOCK ||
	    kind == SHM_RLOCK ? s->value : INT64_MAX;
	s->entity = shm_entity(shm_sem_info[kind].kind, shm_sem_info[kind].name);
	return s;
}

void
shm_sem_free(struct shm_sem *s)
{
	shm_free(s);
}

/* Is the calling thread the recorded owner? (mutex held) */
static int
shm_sem_mine_locked(struct shm_sem *s)
{
	return s->owner_pid == getpid() && s->owner_tid == gettid();
}

/* Take one unit (mutex held, value > 0). */
static void
shm_sem_take_locked(struct shm_sem *s, uint32_t me)
{
	s->value--;
	if (s->kind == SHM_LOCK || s->kind == SHM_RLOCK) {
		s->owner_pid = getpid();
		s->owner_tid = gettid();
		s->count = 1;
		s->holder_entity = me;
	}
}

struct shm_sem *
shm_sem_create_quiet(int kind, int64_t value)
{
	struct shm_sem *s = shm_alloc(sizeof *s);

	ipc_pshared_mutex_init(&s->m);
	ipc_pshared_cond_init(&s->c);
	s->kind = kind;
	s->value = value;
	s->max = kind == SHM_LOCK || kind == SHM_RLOCK ? 1 :
	    kind == SHM_BOUNDED ? value : INT64_MAX;
	s->quiet = 1;
	return s;
}

void
shm_sem_release_quiet(struct shm_sem *s)
{
	ipc_mutex_lock(&s->m);
	s->value++;
	s->owner_pid = s->owner_tid = 0;
	s->count = 0;
	if (s->waiters != 0)
		pthread_cond_signal(&s->c);
	pthread_mutex_unlock(&s->m);
}

int
shm_sem_acquire(struct shm_sem *s, int block, int64_t timeout_ns)
{
	return shm_sem_acquire_for(s, block, timeout_ns,
	    shm_sem_info[s->kind].why, s->entity, s->quiet ? IPC_QUIET : 0);
}

int
shm_sem_acquire_for(struct shm_sem *s, int block, int64_t timeout_ns,
    enum trace_reason why, uint32_t obj, int flags)
{
	struct ipc_wait w;
	uint32_t me = (flags & IPC_NOGIL) ? 0 : ipc_current_entity(), holder;
	uint64_t deadline;
	int64_t count;
	int got;

	ipc_mutex_lock(&s->m);
	if (s->kind == SHM_RLOCK && s->value == 0 && shm_sem_mine_locked(s)) {
		count = ++s->count;
		pthread_mutex_unlock(&s->m);
		if (!(flags & IPC_QUIET))
			trace_emit(TRACE_EV_LOCK_ACQUIRE, me, 0, s->entity,
			    (uint64_t)count);
		return 1;
	}
	if (s->value > 0) {
		shm_sem_take_locked(s, me);
		pthread_mutex_unlock(&s->m);
		if (!(flags & IPC_QUIET))
			trace_emit(TRACE_EV_LOCK_ACQUIRE, me, 0, s->entity, 1);
		return 1;
	}
	holder = s->holder_entity;
	pthread_mutex_unlock(&s->m);
	if (!block || timeout_ns == 0)
		return 0;

	if (!(flags & IPC_QUIET))
		trace_emit(TRACE_EV_LOCK_CONTEND, me, 0, s->entity, holder);
	deadline = ipc_deadline(timeout_ns);
	if (flags & IPC_NOGIL)
		w.nogil = 1;
	else
		ipc_wait_begin(&w, why, obj, deadline);
	ipc_mutex_lock(&s->m);
	s->waiters++;
	while (s->value == 0)
		if (ipc_cond_wait(&s->c, &s->m, deadline) != 0)
			break;
	got = s->value > 0;
	if (got)
		shm_sem_take_locked(s, me);
	s->waiters--;
	pthread_mutex_unlock(&s->m);
	ipc_wait_end(&w);
	if (got && !(flags & IPC_QUIET))
		trace_emit(TRACE_EV_LOCK_ACQUIRE, me, 0, s->entity, 1);
	return got;
}

int
shm_sem_release(struct shm_sem *s, char **cause)
{
	int64_t count = 0;

	ipc_mutex_lock(&s->m);
	if (s->kind == SHM_RLOCK) {
		if (s->value != 0 || !shm_sem_mine_locked(s)) {
			pthread_mutex_unlock(&s->m);
			*cause = xstrdup("cannot release un-acquired lock");
			return -1;
		}
		if ((count = --s->count) > 0) {
			pthread_mutex_unlock(&s->m);
			trace_emit(TRACE_EV_LOCK_RELEASE, ipc_current_entity(),
			    0, s->entity, (uint64_t)count);
			return 0;
		}
	} else if (s->value >= s->max) {
		pthread_mutex_unlock(&s->m);
		*cause = xstrdup("semaphore or lock released too many times");
		return -1;
	}
	s->value++;
	s->owner_pid = s->owner_tid = 0;
	s->holder_entity = 0;
	s->count = 0;
	if (s->waiters != 0)
		pthread_cond_signal(&s->c);
	pthread_mutex_unlock(&s->m);
	trace_emit(TRACE_EV_LOCK_RELEASE, ipc_current_entity(), 0, s->entity, 0);
	return 0;
}

int64_t
shm_sem_value(struct shm_sem *s)
{
	int64_t v;

	ipc_mutex_lock(&s->m);
	v = s->value;
	pthread_mutex_unlock(&s->m);
	return v;
}

int
shm_sem_is_mine(struct shm_sem *s)
{
	int r;

	ipc_mutex_lock(&s->m);
	r = s->value == 0 && shm_sem_mine_locked(s);
	pthread_mutex_unlock(&s->m);
	return r;
}

int64_t
shm_sem_count(struct shm_sem *s)
{
	int64_t n;

	ipc_mutex_lock(&s->m);
	n = s->value == 0 && shm_sem_mine_locked(s) ? s->count : 0;
	pthread_mutex_unlock(&s->m);
	return n;
}

uint32_t
shm_sem_entity(struct shm_sem *s)
{
	return s->entity;
}

/* Release every level of a held lock; returns the levels (for restore). */
static int64_t
shm_sem_release_all(struct shm_sem *s)
{
	int64_t count;

	ipc_mutex_lock(&s->m);
	count = s->kind == SHM_RLOCK ? s->count : 1;
	s->value++;
	s->owner_pid = s->owner_tid = 0;
	s->holder_entity = 0;
	s->count = 0;
	if (s->waiters != 0)
		pthread_cond_signal(&s->c);
	pthread_mutex_unlock(&s->m);
	trace_emit(TRACE_EV_LOCK_RELEASE, ipc_current_entity(), 0, s->entity, 0);
	return count;
}

/* --- Event ----------------------------------------------------------------- */

struct shm_event *
shm_event_create(void)
{
	struct shm_event *e = shm_alloc(sizeof *e);

	ipc_pshared_mutex_init(&e->m);
	ipc_pshared_cond_init(&e->c);
	e->entity = shm_entity(TRACE_ENT_EVENT, "Event");
	return e;
}

void
shm_event_free(struct shm_event *e)
{
	shm_free(e);
}

void
shm_event_set(struct shm_event *e)
{
	ipc_mutex_lock(&e->m);
	e->flag = 1;
	pthread_cond_broadcast(&e->c);
	pthread_mutex_unlock(&e->m);
}

void
shm_event_clear(struct shm_event *e)
{
	ipc_mutex_lock(&e->m);
	e->flag = 0;
	pthread_mutex_unlock(&e->m);
}

int
shm_event_is_set(struct shm_event *e)
{
	int f;

	ipc_mutex_lock(&e->m);
	f = e->flag;
	pthread_mutex_unlock(&e->m);
	return f;
}

int
shm_event_wait(struct shm_event *e, int64_t timeout_ns)
{
	struct ipc_wait w;
	uint64_t deadline;
	int f;

	if (shm_event_is_set(e))
		return 1;
	if (timeout_ns == 0)
		return 0;
	deadline = ipc_deadline(timeout_ns);
	ipc_wait_begin(&w, TRACE_WHY_EVENT, e->entity, deadline);
	ipc_mutex_lock(&e->m);
	while (!e->flag)
		if (ipc_cond_wait(&e->c, &e->m, deadline) != 0)
			break;
	f = e->flag;
	pthread_mutex_unlock(&e->m);
	ipc_wait_end(&w);
	return f;
}

/* --- Condition ----------------------------------------------------------- */

struct shm_cond *
shm_cond_create(struct shm_sem *lock)
{
	struct shm_cond *c = shm_alloc(sizeof *c);

	ipc_pshared_mutex_init(&c->m);
	ipc_pshared_cond_init(&c->c);
	if (lock == NULL) {
		lock = shm_sem_create(SHM_RLOCK, 1);
		c->own_lock = 1;
	}
	c->lock = lock;
	c->entity = shm_entity(TRACE_ENT_CONDITION, "Condition");
	return c;
}

void
shm_cond_free(struct shm_cond *c)
{
	if (c == NULL)
		return;
	if (c->own_lock)
		shm_sem_free(c->lock);
	shm_free(c);
}

struct shm_sem *
shm_cond_lock(struct shm_cond *c)
{
	return c->lock;
}

int
shm_cond_wait(struct shm_cond *c, int64_t timeout_ns, char **cause)
{
	struct ipc_wait w;
	uint64_t deadline;
	int64_t levels;
	int notified;

	if (!shm_sem_is_mine(c->lock)) {
		*cause = xstrdup("cannot wait on un-acquired lock");
		return -1;
	}
	ipc_mutex_lock(&c->m);
	c->waiting++;
	pthread_mutex_unlock(&c->m);
	levels = shm_sem_release_all(c->lock);

	deadline = ipc_deadline(timeout_ns);
	ipc_wait_begin(&w, TRACE_WHY_CONDITION, c->entity, deadline);
	ipc_mutex_lock(&c->m);
	while (c->to_wake == 0)
		if (ipc_cond_wait(&c->c, &c->m, deadline) != 0)
			break;
	notified = c->to_wake > 0;
	if (notified)
		c->to_wake--;
	c->waiting--;
	pthread_mutex_unlock(&c->m);
	ipc_wait_end(&w);

	rt_intr_hold();
	shm_sem_acquire(c->lock, 1, -1);
	rt_intr_unhold();
	if (levels > 1) {
		ipc_mutex_lock(&c->lock->m);
		c->lock->count = levels;
		pthread_mutex_unlock(&c->lock->m);
	}
	return notified;
}

int
shm_cond_notify(struct shm_cond *c, int64_t n, char **cause)
{
	int64_t idle;

	if (!shm_sem_is_mine(c->lock)) {
		*cause = xstrdup("cannot notify on un-acquired lock");
		return -1;
	}
	ipc_mutex_lock(&c->m);
	idle = c->waiting - c->to_wake;
	if (n < 0 || n > idle)
		n = idle;
	if (n > 0) {
		c->to_wake += n;
		pthread_cond_broadcast(&c->c);
	}
	pthread_mutex_unlock(&c->m);
	return 0;
}

/* --- Barrier ------------------------------------------------------------- */

struct shm_barrier *
shm_barrier_create(unsigned parties)
{
	struct shm_barrier *b = shm_alloc(sizeof *b);

	ipc_pshared_mutex_init(&b->m);
	ipc_pshared_cond_init(&b->c);
	b->parties = parties < 1 ? 1 : parties;
	b->entity = shm_entity(TRACE_ENT_BARRIER, "Barrier");
	return b;
}

void
shm_barrier_free(struct shm_barrier *b)
{
	shm_free(b);
}

int
shm_barrier_wait(struct shm_barrier *b, int64_t timeout_ns)
{
	return shm_barrier_wait_action(b, timeout_ns, NULL, NULL);
}

int
shm_barrier_wait_action(struct shm_barrier *b, int64_t timeout_ns,
    int (*action)(void *), void *arg)
{
	struct ipc_wait w;
	uint64_t gen, epoch, deadline;
	int idx;

	ipc_mutex_lock(&b->m);
	/* Parties of the next round wait while the last one runs the action. */
	while (b->releasing && !b->broken) {
		if (ipc_cond_wait(&b->c, &b->m, 0) == EINTR) {
			pthread_mutex_unlock(&b->m);
			return -1;
		}
	}
	if (b->broken) {
		pthread_mutex_unlock(&b->m);
		return -1;
	}
	idx = (int)b->count++;
	if (b->count == b->parties) {
		if (action != NULL) {
			b->releasing = 1;
			pthread_mutex_unlock(&b->m);
			if (action(arg) != 0) {
				ipc_mutex_lock(&b->m);
				b->releasing = 0;
				b->count = 0;
				b->broken = 1;
				pthread_cond_broadcast(&b->c);
				pthread_mutex_unlock(&b->m);
				return -2;
			}
			ipc_mutex_lock(&b->m);
			b->releasing = 0;
			if (b->broken) {
				/* Aborted (or reset) while the action ran. */
				pthread_cond_broadcast(&b->c);
				pthread_mutex_unlock(&b->m);
				return -1;
			}
		}
		b->count = 0;
		b->generation++;
		pthread_cond_broadcast(&b->c);
		pthread_mutex_unlock(&b->m);
		return idx;
	}
	gen = b->generation;
	epoch = b->epoch;
	pthread_mutex_unlock(&b->m);

	deadline = ipc_deadline(timeout_ns);
	ipc_wait_begin(&w, TRACE_WHY_BARRIER, b->entity, deadline);
	ipc_mutex_lock(&b->m);
	while (gen == b->generation && epoch == b->epoch && !b->broken) {
		if (ipc_cond_wait(&b->c, &b->m, deadline) != 0 &&
		    gen == b->generation && epoch == b->epoch) {
			/* A timeout (or an interrupt) breaks it for everyone. */
			b->broken = 1;
			b->count = 0;
			pthread_cond_broadcast(&b->c);
			break;
		}
	}
	if (gen == b->generation || epoch != b->epoch)
		idx = -1;
	pthread_mutex_unlock(&b->m);
	ipc_wait_end(&w);
	return idx;
}

void
shm_barrier_abort(struct shm_barrier *b)
{
	ipc_mutex_lock(&b->m);
	b->broken = 1;
	pthread_cond_broadcast(&b->c);
	pthread_mutex_unlock(&b->m);
}

void
shm_barrier_reset(struct shm_barrier *b)
{
	ipc_mutex_lock(&b->m);
	b->epoch++;
	b->count = 0;
	b->broken = 0;
	b->releasing = 0;
	pthread_cond_broadcast(&b->c);
	pthread_mutex_unlock(&b->m);
}

unsigned
shm_barrier_parties(struct shm_barrier *b)
{
	return b->parties;
}

unsigned
shm_barrier_n_waiting(struct shm_barrier *b)
{
	unsigned n;

	ipc_mutex_lock(&b->m);
	n = b->broken ? 0 : b->count;
	pthread_mutex_unlock(&b->m);
	return n;
}

int
shm_barrier_broken(struct shm_barrier *b)
{
	int r;

	ipc_mutex_lock(&b->m);
	r = b->broken;
	pthread_mutex_unlock(&b->m);
	return r;
}

/* --- Value and Array ------------------------------------------------------- */

size_t
shm_typecode_size(char typecode)
{
	switch (typecode) {
	case 'b': case 'B': case 'c':
		return 1;
	case 'h': case 'H':
		return 2;
	case 'i': case 'I': case 'f':
		return 4;
	case 'l': case 'L': case 'q': case 'Q': case 'd':
		return 8;
	default:
		return 0;
	}
}

struct shm_array *
shm_array_create(char typecode, size_t n, int with_lock, char **cause)
{
	struct shm_array *a;
	size_t size = shm_typecode_size(typecode);

	if (size == 0) {
		*cause = xasprintf("bad typecode (must be b, B, u, h, H, i, "
		    "I, l, L, q, Q, f or d): '%c'", typecode);
		return NULL;
	}
	a = xcalloc(1, sizeof *a);
	a->typecode = typecode;
	a->itemsize = size;
	a->n = n;
	a->data = shm_alloc(size * (n == 0 ? 1 : n));
	if (with_lock)
		a->lock = shm_sem_create(SHM_RLOCK, 1);
	a->entity = shm_entity(TRACE_ENT_SHARED, n == 1 ? "Value" : "Array");
	return a;
}

void
shm_array_free(struct shm_array *a)
{
	if (a == NULL)
		return;
	shm_sem_free(a->lock);
	shm_free(a->data);
	free(a);
}
