/*
 * sync-queue.c — queue.Queue, LifoQueue, PriorityQueue and SimpleQueue: a
 * ring (FIFO), a stack (LIFO) or a binary heap (priority) of opaque items
 * under one mutex, with not_empty / not_full / all_done condition variables
 * and task accounting.
 *
 * q->mu guards everything. Items are moved only with the GIL held: a put or
 * get that had to wait gives the mutex up, takes the GIL back, and retries,
 * so the priority comparison (Python code in the VM) never runs without the
 * GIL. It must not block or drop the GIL either: it runs under q->mu.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "rt/intr.h"
#include "rt/rt.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* The calling thread's entity, or 0. */
static uint32_t
sync_queue_self(void)
{
	struct rt_thread *t = thread_self();

	return t != NULL ? t->entity : 0;
}

/* Set up q; cmp orders a priority queue (smallest first). */
void
sync_queue_init(struct sync_queue *q, enum sync_queue_kind kind,
    size_t maxsize, sync_queue_cmp cmp, void *cmp_arg)
{
	static const char *labels[] = { "Queue", "LifoQueue", "PriorityQueue" };

	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->maxsize = maxsize;
	q->cmp = cmp;
	q->cmp_arg = cmp_arg;
	pthread_mutex_init(&q->mu, NULL);
	rt_cond_init(&q->not_empty);
	rt_cond_init(&q->not_full);
	rt_cond_init(&q->all_done);
	q->entity = rt_entity_new(TRACE_ENT_QUEUE, labels[kind], NULL);
}

/* The i-th stored item (0 = oldest for FIFO) (q->mu held). */
static void **
sync_queue_slot(struct sync_queue *q, size_t i)
{
	if (q->kind == SYNC_QUEUE_FIFO)
		return &q->items[(q->head + i) % q->cap];
	return &q->items[i];
}

/* Destroy q, handing each remaining item to drop. */
void
sync_queue_fini(struct sync_queue *q, void (*drop)(void *))
{
	size_t i;

	if (drop != NULL) {
		for (i = 0; i < q->len; i++)
			drop(*sync_queue_slot(q, i));
	}
	free(q->items);
	pthread_cond_destroy(&q->all_done);
	pthread_cond_destroy(&q->not_full);
	pthread_cond_destroy(&q->not_empty);
	pthread_mutex_destroy(&q->mu);
}

/* Whether q cannot take another item (q->mu held). */
static int
sync_queue_is_full(struct sync_queue *q)
{
	return q->maxsize != 0 && q->len >= q->maxsize;
}

/* Make room for one more item (q->mu held). */
static void
sync_queue_grow(struct sync_queue *q)
{
	void	**items;
	size_t	  i, cap;

	if (q->len < q->cap)
		return;
	cap = q->cap != 0 ? q->cap * 2 : 16;
	items = xreallocarray(NULL, cap, sizeof *items);
	for (i = 0; i < q->len; i++)
		items[i] = *sync_queue_slot(q, i);
	free(q->items);
	q->items = items;
	q->cap = cap;
	q->head = 0;
}

/* Whether item a goes out before item b (priority queue). */
static int
sync_queue_less(struct sync_queue *q, void *a, void *b)
{
	return q->cmp(a, b, q->cmp_arg) < 0;
}

/* Store item (q->mu held, room made). */
static void
sync_queue_push(struct sync_queue *q, void *item)
{
	size_t	i, parent;
	void	*tmp;

	sync_queue_grow(q);
	if (q->kind != SYNC_QUEUE_PRIORITY) {
		*sync_queue_slot(q, q->len++) = item;
		return;
	}
	i = q->len++;
	q->items[i] = item;
	while (i > 0) {		/* sift up */
		parent = (i - 1) / 2;
		if (!sync_queue_less(q, q->items[i], q->items[parent]))
			break;
		tmp = q->items[i];
		q->items[i] = q->items[parent];
		q->items[parent] = tmp;
		i = parent;
	}
}

/* Take the next item out (q->mu held, q not empty). */
static void *
sync_queue_pop(struct sync_queue *q)
{
	size_t	 i, child, n;
	void	*item, *tmp;

	switch (q->kind) {
	case SYNC_QUEUE_FIFO:
		item = q->items[q->head];
		q->head = (q->head + 1) % q->cap;
		q->len--;
		return item;
	case SYNC_QUEUE_LIFO:
		return q->items[--q->len];
	case SYNC_QUEUE_PRIORITY:
		break;
	}
	item = q->items[0];
	n = --q->len;
	q->items[0] = q->items[n];
	for (i = 0; (child = 2 * i + 1) < n; i = child) {	/* sift down */
		if (child + 1 < n &&
		    sync_queue_less(q, q->items[child + 1], q->items[child]))
			child++;
		if (!sync_queue_less(q, q->items[child], q->items[i]))
			break;
		tmp = q->items[i];
		q->items[i] = q->items[child];
		q->items[child] = tmp;
	}
	return item;
}

/*
 * Sleep on cond without the GIL until ready(q) or the deadline; q->mu is
 * held on entry and released on return. Returns 1 if ready, 0 if not.
 */
static int
sync_queue_sleep(struct sync_queue *q, pthread_cond_t *cond,
    int (*ready)(struct sync_queue *), uint64_t deadline)
{
	int ok;

	pthread_mutex_unlock(&q->mu);
	gil_release_for_block(TRACE_WHY_QUEUE, q->entity, deadline);
	pthread_mutex_lock(&q->mu);
	while (!ready(q)) {
		if (rt_intr_cond_wait(cond, &q->mu, deadline, 0) != 0)
			break;
	}
	ok = ready(q);
	pthread_mutex_unlock(&q->mu);
	gil_reacquire_after_block();
	return ok;
}

/* Whether there is room (for sync_queue_sleep). */
static int
sync_queue_has_room(struct sync_queue *q)
{
	return !sync_queue_is_full(q);
}

/* Whether there is an item (for sync_queue_sleep). */
static int
sync_queue_has_item(struct sync_queue *q)
{
	return q->len > 0;
}

/* Whether every task is done (for sync_queue_sleep). */
static int
sync_queue_is_done(struct sync_queue *q)
{
	return q->unfinished == 0;
}

/* Put item, waiting at most timeout_ns for room (sync.h). */
int
sync_queue_put(struct sync_queue *q, void *item, int64_t timeout_ns)
{
	uint64_t deadline = rt_deadline(timeout_ns);

	for (;;) {
		pthread_mutex_lock(&q->mu);
		if (!sync_queue_is_full(q))
			break;
		if (timeout_ns == 0) {
			pthread_mutex_unlock(&q->mu);
			return SYNC_TIMEOUT;
		}
		if (!sync_queue_sleep(q, &q->not_full, sync_queue_has_room, deadline))
			return SYNC_TIMEOUT;
	}
	sync_queue_push(q, item);
	q->unfinished++;
	if (trace_on)
		trace_emit(TRACE_EV_QUEUE_PUT, sync_queue_self(), 0, q->entity,
		    q->len);
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
	return SYNC_OK;
}

/* Get an item, waiting at most timeout_ns for one (sync.h). */
int
sync_queue_get(struct sync_queue *q, void **item, int64_t timeout_ns)
{
	uint64_t deadline = rt_deadline(timeout_ns);

	for (;;) {
		pthread_mutex_lock(&q->mu);
		if (q->len > 0)
			break;
		if (timeout_ns == 0) {
			pthread_mutex_unlock(&q->mu);
			return SYNC_TIMEOUT;
		}
		if (!sync_queue_sleep(q, &q->not_empty, sync_queue_has_item, deadline))
			return SYNC_TIMEOUT;
	}
	*item = sync_queue_pop(q);
	if (trace_on)
		trace_emit(TRACE_EV_QUEUE_GET, sync_queue_self(), 0, q->entity,
		    q->len);
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->mu);
	return SYNC_OK;
}

/* The number of items. */
size_t
sync_queue_size(struct sync_queue *q)
{
	size_t n;

	pthread_mutex_lock(&q->mu);
	n = q->len;
	pthread_mutex_unlock(&q->mu);
	return n;
}

/* Whether q is full (never for an unbounded queue). */
int
sync_queue_full(struct sync_queue *q)
{
	int full;

	pthread_mutex_lock(&q->mu);
	full = sync_queue_is_full(q);
	pthread_mutex_unlock(&q->mu);
	return full;
}

/* One item taken earlier is processed (sync.h). */
int
sync_queue_task_done(struct sync_queue *q)
{
	pthread_mutex_lock(&q->mu);
	if (q->unfinished == 0) {
		pthread_mutex_unlock(&q->mu);
		return SYNC_TOO_MANY;
	}
	if (--q->unfinished == 0)
		pthread_cond_broadcast(&q->all_done);
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_queue_self(),
		    SYNC_OP_TASK_DONE, q->entity, q->unfinished);
	pthread_mutex_unlock(&q->mu);
	return SYNC_OK;
}

/* Wait until every item put was processed (sync.h). */
int
sync_queue_join(struct sync_queue *q, int64_t timeout_ns)
{
	uint64_t deadline = rt_deadline(timeout_ns);

	pthread_mutex_lock(&q->mu);
	if (q->unfinished == 0) {
		pthread_mutex_unlock(&q->mu);
		return SYNC_OK;
	}
	if (timeout_ns == 0) {
		pthread_mutex_unlock(&q->mu);
		return SYNC_TIMEOUT;
	}
	return sync_queue_sleep(q, &q->all_done, sync_queue_is_done, deadline) ?
	    SYNC_OK : SYNC_TIMEOUT;
}
