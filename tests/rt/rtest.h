/*
 * rtest.h — helpers shared by the runtime's unit tests: a runtime whose
 * main thread is the test's thread, a GIL-releasing sleep for polling, and
 * invariant checks over the event stream recorded by sink.c. Test code only.
 */
#ifndef CONCVIZ_TESTS_RT_RTEST_H
#define CONCVIZ_TESTS_RT_RTEST_H

#include <stdint.h>

#include "rt/rt.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "sink.h"

/* A runtime with the calling thread as its MainThread, holding the GIL. */
struct rt	*rtest_begin(enum gil_mode mode, uint64_t interval_ns);
/* Wait for the other threads, end the main thread, free the runtime. */
void		 rtest_end(struct rt *rt);
/* Sleep without the GIL (as time.sleep), for polling a condition. */
void		 rtest_nap(void);
/* Poll (napping) until cond holds; fails the test after ~30 s. */
#define RTEST_UNTIL(cond) do {						\
	unsigned rtest_i_;						\
	for (rtest_i_ = 0; !(cond); rtest_i_++) {			\
		if (rtest_i_ > 300000)					\
			fail_msg("timed out waiting for %s", #cond);	\
		rtest_nap();						\
	}								\
} while (0)
/*
 * Check over the whole stream that the GIL never has two holders: every
 * take finds it free and every drop is by the holder. Returns the number of
 * takes; fails the test otherwise.
 */
size_t		 rtest_check_one_holder(void);
/* The index of the first event matching, at or after from; -1 if none. */
long		 rtest_find(struct sink_ev *v, size_t n, size_t from,
		    enum trace_kind kind, uint32_t entity);
/* Start a thread named name running body(arg); fails the test on error. */
struct rt_thread *rtest_start(struct rt *rt, const char *name, thread_body body,
		    void *arg);
/* Join t (no timeout) and drop the caller's reference. */
void		 rtest_join(struct rt_thread *t);

#endif
