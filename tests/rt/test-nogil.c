/*
 * test-nogil.c — the free-threaded primitives of src/lang/value.h on real
 * pthreads: once lang_ft_enable() ran, refcount updates from 4 threads at
 * once are never lost, and obj_lock() makes a read-modify-write on an
 * object exclusive (4 threads x N increments of a field under the lock
 * sum to exactly 4N). No interpreter is needed: these are the helpers
 * every container operation of --gil=none is built on.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lang/value.h"

#define NTHREADS	4
#define NITER		200000

/* A stand-in heap object: a header and a counter guarded by its stripe. */
struct thing {
	struct obj	hdr;
	int64_t		count;
};

static struct thing	 shared;
static pthread_barrier_t start;

/* Take NITER references, then drop them again. */
static void *
refs_body(void *arg)
{
	int i;

	(void)arg;
	pthread_barrier_wait(&start);
	for (i = 0; i < NITER; i++)
		OBJ_INCREF(&shared);
	for (i = 0; i < NITER / 2; i++)
		OBJ_DECREF(&shared);
	return NULL;
}

/* Increment shared.count NITER times under its stripe. */
static void *
lock_body(void *arg)
{
	int i;

	(void)arg;
	pthread_barrier_wait(&start);
	for (i = 0; i < NITER; i++) {
		obj_lock(&shared);
		shared.count++;
		obj_unlock(&shared);
	}
	return NULL;
}

/* Run body in NTHREADS threads released together. */
static void
run_threads(void *(*body)(void *))
{
	pthread_t	t[NTHREADS];
	int		i;

	pthread_barrier_init(&start, NULL, NTHREADS);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, body, NULL), 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start);
}

/* Atomic refcounts: no increment or decrement is lost. */
static void
test_refcount(void **state)
{
	(void)state;
	lang_ft_enable();
	memset(&shared, 0, sizeof shared);
	shared.hdr.rc = 1;
	run_threads(refs_body);
	assert_int_equal(shared.hdr.rc, 1 + (int64_t)NTHREADS * (NITER / 2));
}

/* The stripe lock makes the counter exact. */
static void
test_stripe(void **state)
{
	(void)state;
	lang_ft_enable();
	shared.count = 0;
	run_threads(lock_body);
	assert_int_equal(shared.count, (int64_t)NTHREADS * NITER);
}

/* Without the switch the helpers are plain (single-threaded use only). */
static void
test_switch(void **state)
{
	struct thing t;

	(void)state;
	memset(&t, 0, sizeof t);
	t.hdr.rc = 1;
	OBJ_INCREF(&t);
	obj_lock(&t);
	obj_unlock(&t);
	OBJ_DECREF(&t);
	assert_int_equal(t.hdr.rc, 1);
	assert_int_equal(lang_ft, 1);	/* enabled by the tests above */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refcount),
		cmocka_unit_test(test_stripe),
		cmocka_unit_test(test_switch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
