/*
 * intr.c — SIGINT becomes a pending interrupt for the main thread (see
 * intr.h). The handler sets an atomic flag and an eval-breaker bit; it
 * never locks, allocates or prints. Waiting threads that may be
 * interrupted (the main thread only) wait in slices of RT_INTR_SLICE_NS and
 * look at the flag between them, since a signal cannot wake a condition
 * variable. Never prints.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "rt/intr.h"
#include "rt/proc.h"

/* Written by the handler and the main thread: atomics only. */
static int		 intr_pending;
static int		 intr_enabled;
static int		 intr_shutting_down;
static int		 intr_die;
static int		*intr_breaker;
/* Set on the main thread (the forking thread in a child). */
static __thread int	 intr_main;
/* Nesting of rt_intr_hold() on this thread: its waits are not cut short. */
static __thread int	 intr_held;

/* SIGINT: mark it pending, or take everything down if it is a repeat. */
static void
intr_on_sigint(int sig)
{
	int saved = errno;

	if (__atomic_load_n(&intr_shutting_down, __ATOMIC_RELAXED) ||
	    __atomic_exchange_n(&intr_pending, 1, __ATOMIC_SEQ_CST))
		proc_contain_fatal_signal(sig);
	else if (intr_breaker != NULL)
		__atomic_fetch_or(intr_breaker, RT_INTR_BREAKER_BIT,
		    __ATOMIC_RELAXED);
	errno = saved;
}

/* atexit, registered first so it runs last: die of SIGINT if asked. */
static void
intr_atexit(void)
{
	struct sigaction sa;
	sigset_t set;

	if (!__atomic_load_n(&intr_die, __ATOMIC_RELAXED))
		return;
	fflush(NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), SIGINT);
}

void
rt_intr_enable(int *breaker)
{
	struct sigaction sa, old;

	intr_breaker = breaker;
	if (intr_enabled)
		return;
	sigaction(SIGINT, NULL, &old);
	if (old.sa_handler == SIG_IGN)
		return;		/* a background job: SIGINT stays ignored */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = intr_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	atexit(intr_atexit);
	__atomic_store_n(&intr_enabled, 1, __ATOMIC_RELEASE);
}

int
rt_intr_enabled(void)
{
	return __atomic_load_n(&intr_enabled, __ATOMIC_ACQUIRE);
}

void
rt_intr_set_main(void)
{
	intr_main = 1;
}

int
rt_intr_here(void)
{
	return intr_main && !intr_held &&
	    __atomic_load_n(&intr_enabled, __ATOMIC_RELAXED);
}

void
rt_intr_hold(void)
{
	intr_held++;
}

void
rt_intr_unhold(void)
{
	intr_held--;
}

int
rt_intr_pending(void)
{
	return rt_intr_here() &&
	    __atomic_load_n(&intr_pending, __ATOMIC_ACQUIRE);
}

int
rt_intr_take(void)
{
	if (!rt_intr_here())
		return 0;
	return __atomic_exchange_n(&intr_pending, 0, __ATOMIC_ACQ_REL);
}

void
rt_intr_after_fork_child(void)
{
	intr_main = 1;
	__atomic_store_n(&intr_pending, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&intr_shutting_down, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&intr_die, 0, __ATOMIC_RELAXED);
}

void
rt_intr_ignore(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	__atomic_store_n(&intr_enabled, 0, __ATOMIC_RELAXED);
}

void
rt_intr_shutdown(void)
{
	__atomic_store_n(&intr_shutting_down, 1, __ATOMIC_SEQ_CST);
}

void
rt_intr_die_at_exit(void)
{
	__atomic_store_n(&intr_die, 1, __ATOMIC_RELAXED);
}

uint64_t
rt_intr_slice(uint64_t deadline)
{
	uint64_t cap;

	if (!rt_intr_here())
		return deadline;
	cap = clock_now_ns() + RT_INTR_SLICE_NS;
	return deadline == 0 || deadline > cap ? cap : deadline;
}

int
rt_intr_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mu,
    uint64_t deadline, int robust)
{
	struct timespec ts;
	uint64_t until;
	int here = rt_intr_here(), r;

	if (here && rt_intr_pending())
		return EINTR;
	until = here ? rt_intr_slice(deadline) : deadline;
	if (until == 0)
		r = pthread_cond_wait(cond, mu);
	else {
		if (clock_now_ns() >= until)
			r = ETIMEDOUT;
		else {
			ts = clock_ns_to_timespec(until);
			r = pthread_cond_timedwait(cond, mu, &ts);
		}
	}
	if (r == EOWNERDEAD && robust) {
		pthread_mutex_consistent(mu);
		r = 0;
	}
	if (here && rt_intr_pending())
		return EINTR;
	if (r == ETIMEDOUT)
		return until == deadline ? ETIMEDOUT : 0;
	return 0;
}
