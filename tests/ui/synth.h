/*
 * synth.h — synthetic runs for the view tests and the render benchmark:
 * the event stream a run of the notes' threading example (or of N CPU-bound
 * threads) produces, built through the same struct trace_ev the runtime
 * emits, folded into a timeline.
 */
#ifndef CONCVIZ_TESTS_UI_SYNTH_H
#define CONCVIZ_TESTS_UI_SYNTH_H

#include "ui/timeline.h"

#define SYNTH_T0	1000000000ULL	/* the run starts at 1 s */

/* Where synthetic events go. */
typedef void	(*synth_cb)(const struct trace_ev *ev, void *arg);

/* MainThread starts two workers that share the GIL, then joins them. */
void	synth_threading(synth_cb cb, void *arg);
/* nthreads CPU-bound threads taking turns on the GIL for ms milliseconds. */
void	synth_many(synth_cb cb, void *arg, int nthreads, int ms);
/* An event loop with three tasks, one of which blocks it. */
void	synth_asyncio(synth_cb cb, void *arg);
/* A synth_cb that folds into a struct timeline (arg). */
void	synth_to_timeline(const struct trace_ev *ev, void *arg);

/* The notes' threading example, the source of the synthetic run. */
extern const char synth_source[];

#endif
