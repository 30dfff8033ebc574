/*
 * clock.h — the one clock concviz uses: CLOCK_MONOTONIC in nanoseconds.
 * Inline because the emit path calls it per event (vDSO, no system call).
 */
#ifndef CONCVIZ_CORE_CLOCK_H
#define CONCVIZ_CORE_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Monotonic time in nanoseconds since an arbitrary origin. */
static inline uint64_t
clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Convert nanoseconds to an absolute CLOCK_REALTIME-free timespec offset. */
static inline struct timespec
clock_ns_to_timespec(uint64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / 1000000000u);
	ts.tv_nsec = (long)(ns % 1000000000u);
	return ts;
}

#endif
