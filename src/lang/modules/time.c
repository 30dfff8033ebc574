/*
 * time.c — the time module: time, perf_counter, monotonic, sleep. sleep is
 * a real nanosleep wrapped in vm_block_begin/vm_block_end so that the GIL
 * can be released around it.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <time.h>

#include "core/clock.h"
#include "lang/lang.h"
#include "lang/modules/rtbind.h"
#include "rt/intr.h"
#include "trace/event.h"

static struct val
time_time(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct timespec ts;

	(void)t; (void)args; (void)nargs; (void)kw;
	clock_gettime(CLOCK_REALTIME, &ts);
	return val_float((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
}

static struct val
time_time_ns(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct timespec ts;

	(void)t; (void)args; (void)nargs; (void)kw;
	clock_gettime(CLOCK_REALTIME, &ts);
	return val_int((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

static struct val
time_monotonic(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_float((double)clock_now_ns() * 1e-9);
}

static struct val
time_monotonic_ns(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_int((int64_t)clock_now_ns());
}

static struct val
time_process_time(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct timespec ts;

	(void)t; (void)args; (void)nargs; (void)kw;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return val_float((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
}

/* time.sleep(secs): a real sleep, reported as a blocking call. */
static struct val
time_sleep(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double		 s;
	uint64_t	 ns, deadline;
	struct timespec	 ts;

	(void)kw;
	if (arg_count(t, "sleep", nargs, 1, 1) < 0)
		return val_null();
	if (args[0].tag != V_INT && args[0].tag != V_FLOAT && args[0].tag != V_BOOL)
		return vm_raise(t, EXC(TypeError),
		    "'%s' object cannot be interpreted as an integer",
		    val_type_name(args[0]));
	arg_float(t, args[0], &s);
	if (s < 0)
		return vm_raise(t, EXC(ValueError), "sleep length must be non-negative");
	if (isnan(s))
		return vm_raise(t, EXC(ValueError), "Invalid value NaN (not a number)");
	ns = (uint64_t)(s * 1e9);
	deadline = clock_now_ns() + ns;
	vm_block_begin(t, TRACE_WHY_SLEEP, 0, deadline);
	for (;;) {
		uint64_t now = clock_now_ns();
		/* The main thread looks for Ctrl-C between slices. */
		uint64_t until = rt_intr_slice(deadline);

		if (now >= deadline || rt_intr_pending())
			break;
		ts = clock_ns_to_timespec(until > now ? until - now : 0);
		if (nanosleep(&ts, NULL) != 0 && errno != EINTR)
			break;
	}
	vm_block_end(t);
	if (rtbind_interrupted(t))
		return val_null();
	return val_none();
}

/* Build the time module. */
struct module *
mod_time_init(struct vm_thread *t)
{
	struct module *m = module_new("time");

	(void)t;
	module_add_func(m, "time", time_time);
	module_add_func(m, "time_ns", time_time_ns);
	module_add_func(m, "perf_counter", time_monotonic);
	module_add_func(m, "perf_counter_ns", time_monotonic_ns);
	module_add_func(m, "monotonic", time_monotonic);
	module_add_func(m, "monotonic_ns", time_monotonic_ns);
	module_add_func(m, "process_time", time_process_time);
	module_add_func(m, "sleep", time_sleep);
	return m;
}
