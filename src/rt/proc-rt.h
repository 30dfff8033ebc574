/*
 * proc-rt.h — processes bound to the runtime of src/rt: waits release the
 * GIL through gil_release_for_block(), threads are named by the thread
 * registry, and a forked child starts with a runtime of one thread.
 */
#ifndef CONCVIZ_RT_PROC_RT_H
#define CONCVIZ_RT_PROC_RT_H

struct rt;

/*
 * Bind the process runtime to rt (once, before the first proc_start()):
 * installs the proc_hooks and an after-fork hook that, in a child, resets
 * rt to just the forking thread — its main thread from then on, with a
 * fresh thread entity under the child's process — and gives the child its
 * own GIL (a new GIL entity, held by that thread if it held the parent's).
 */
void	proc_rt_bind(struct rt *rt);

#endif
