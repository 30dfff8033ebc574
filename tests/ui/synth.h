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

/* MainThread starts two workers that share the GIL, then joins them. */
void	synth_threading(struct timeline *tl);
/* nthreads CPU-bound threads taking turns on the GIL for ms milliseconds. */
void	synth_many(struct timeline *tl, int nthreads, int ms);

#endif
