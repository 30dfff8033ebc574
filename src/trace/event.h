/*
 * event.h — the vocabulary of concviz: entity kinds, lifecycle states, wait
 * reasons and event kinds, each defined once in an X-macro list.
 *
 * This header is the contract between the emitters (src/lang, src/rt), the
 * model (src/trace/model.c) and the readers (src/ui, src/export). Add a kind
 * by adding one line to a list; never renumber: the numbers are stored in
 * recordings (see concviz-recording(5)).
 */
#ifndef CONCVIZ_TRACE_EVENT_H
#define CONCVIZ_TRACE_EVENT_H

#include <stdint.h>

/* X(NAME, number, "label") — what an entity is. */
#define TRACE_ENTITY_KINDS(X)				\
	X(PROCESS,	1, "process")			\
	X(THREAD,	2, "thread")			\
	X(TASK,		3, "task")			\
	X(LOCK,		4, "lock")			\
	X(RLOCK,	5, "rlock")			\
	X(SEMAPHORE,	6, "semaphore")			\
	X(EVENT,	7, "event")			\
	X(CONDITION,	8, "condition")			\
	X(BARRIER,	9, "barrier")			\
	X(QUEUE,	10, "queue")			\
	X(PIPE,		11, "pipe")			\
	X(GIL,		12, "GIL")			\
	X(LOOP,		13, "event loop")		\
	X(FUTURE,	14, "future")			\
	X(SHARED,	15, "shared memory")		\
	X(MANAGER,	16, "manager")

enum trace_entity_kind {
#define X(n, v, s) TRACE_ENT_##n = v,
	TRACE_ENTITY_KINDS(X)
#undef X
};

/*
 * X(NAME, number, "label") — lifecycle states, exactly as the notes name
 * them. Runnable is split into running (holds the GIL / the CPU / the loop)
 * and ready (waiting for the GIL or the loop). A process that has exited but
 * is not yet joined is a zombie, shown as Terminated (zombie).
 */
#define TRACE_STATES(X)					\
	X(NEW,		0, "New")			\
	X(RUNNING,	1, "Runnable (running)")	\
	X(READY,	2, "Runnable (ready)")		\
	X(BLOCKED,	3, "Blocked/Waiting")		\
	X(TIMED,	4, "Timed Waiting")		\
	X(TERMINATED,	5, "Terminated")		\
	X(ZOMBIE,	6, "Terminated (zombie)")

enum trace_state {
#define X(n, v, s) TRACE_ST_##n = v,
	TRACE_STATES(X)
#undef X
	TRACE_ST_COUNT
};

/* X(NAME, number, "phrase") — why an entity waits (or is ready). */
#define TRACE_REASONS(X)				\
	X(NONE,		0, "")				\
	X(GIL,		1, "the GIL")			\
	X(LOCK,		2, "a lock")			\
	X(JOIN,		3, "join")			\
	X(EVENT,	4, "an event")			\
	X(CONDITION,	5, "a condition")		\
	X(SEMAPHORE,	6, "a semaphore")		\
	X(BARRIER,	7, "a barrier")			\
	X(QUEUE,	8, "a queue")			\
	X(PIPE,		9, "a pipe")			\
	X(IO,		10, "I/O")			\
	X(FUTURE,	11, "a future")			\
	X(SLEEP,	12, "sleep")			\
	X(LOOP,		13, "the event loop")		\
	X(INPUT,	14, "input")

enum trace_reason {
#define X(n, v, s) TRACE_WHY_##n = v,
	TRACE_REASONS(X)
#undef X
};

/*
 * X(NAME, number, "label") — event kinds. The fields an event uses
 * (struct trace_ev in emit.h): entity is always the subject.
 *
 *   ENTITY_NEW   arg=entity kind, obj=parent, str=name
 *   ENTITY_NAME  str=new name
 *   STATE        arg=state, obj=object waited on (or 0), val=deadline ns
 *                (TIMED) or exit code (TERMINATED/ZOMBIE, as int64),
 *                reason in the high byte of arg (arg = state | reason << 8)
 *   GIL_REQUEST  entity=thread, obj=GIL
 *   GIL_DROP_REQUEST entity=thread that timed out, obj=holder
 *   GIL_DROP     entity=thread, arg=enum trace_gil_why, obj=GIL
 *   GIL_TAKE     entity=thread, obj=previous holder (0 if none), val=ns waited
 *   LOCK_ACQUIRE / LOCK_RELEASE  entity=thread, obj=lock, val=count (RLock)
 *   LOCK_CONTEND entity=thread, obj=lock, val=holder entity id
 *   QUEUE_PUT / QUEUE_GET  entity=thread, obj=queue, val=size after
 *   PIPE_SEND / PIPE_RECV  entity=thread, obj=pipe, val=bytes
 *   LOOP_PHASE   entity=loop, arg=enum trace_loop_phase, val=items
 *   TASK_STEP    entity=task, obj=loop
 *   LOOP_BLOCKED entity=loop, obj=task, val=ns the step blocked the loop
 *   OUTPUT       entity=thread, arg=1 stdout / 2 stderr, str=text
 *   LINE         entity=thread, val=source line (coalesced by the emitter)
 *   EXCEPTION    entity=thread, str="ExcType: message"
 *   ANNOTATION   str=text typed by the teacher
 *   DEADLOCK     entity=first thread, str=cycle as "A -> lock1 -> B -> ..."
 *   OVERFLOW     val=number of events lost by this thread's buffer
 *   SETTING      arg=enum trace_setting, val=value
 *   SYSCALL_FAIL entity=thread, arg=errno, str=call name
 */
#define TRACE_EVENT_KINDS(X)				\
	X(ENTITY_NEW,	1, "new")			\
	X(ENTITY_NAME,	2, "name")			\
	X(STATE,	3, "state")			\
	X(GIL_REQUEST,	4, "gil-request")		\
	X(GIL_DROP_REQUEST, 5, "gil-drop-request")	\
	X(GIL_DROP,	6, "gil-drop")			\
	X(GIL_TAKE,	7, "gil-take")			\
	X(LOCK_ACQUIRE,	8, "acquire")			\
	X(LOCK_RELEASE,	9, "release")			\
	X(LOCK_CONTEND,	10, "contend")			\
	X(QUEUE_PUT,	11, "put")			\
	X(QUEUE_GET,	12, "get")			\
	X(PIPE_SEND,	13, "send")			\
	X(PIPE_RECV,	14, "recv")			\
	X(LOOP_PHASE,	15, "loop-phase")		\
	X(TASK_STEP,	16, "task-step")		\
	X(LOOP_BLOCKED,	17, "loop-blocked")		\
	X(OUTPUT,	18, "output")			\
	X(LINE,		19, "line")			\
	X(EXCEPTION,	20, "exception")		\
	X(ANNOTATION,	21, "annotation")		\
	X(DEADLOCK,	22, "deadlock")			\
	X(OVERFLOW,	23, "overflow")			\
	X(SETTING,	24, "setting")			\
	X(SYSCALL_FAIL,	25, "syscall-fail")

enum trace_kind {
#define X(n, v, s) TRACE_EV_##n = v,
	TRACE_EVENT_KINDS(X)
#undef X
	TRACE_EV_MAX
};

/* Why a thread dropped the GIL (GIL_DROP arg). */
enum trace_gil_why {
	TRACE_GIL_FORCED = 1,	/* a drop request was seen at an eval-breaker check */
	TRACE_GIL_BLOCKING,	/* released around a blocking call */
	TRACE_GIL_EXIT,		/* the thread ended */
	TRACE_GIL_TICKS,	/* legacy mode: 100 ticks elapsed */
	TRACE_GIL_YIELD		/* voluntary (e.g. sleep(0)) */
};

/* Event-loop phases (LOOP_PHASE arg), as asyncio's _run_once orders them. */
enum trace_loop_phase {
	TRACE_LOOP_READY = 1,	/* run the ready callbacks */
	TRACE_LOOP_TIMERS,	/* move due timers to the ready queue */
	TRACE_LOOP_POLL		/* wait for I/O (val = timeout ns) */
};

/* Settings recorded as events (SETTING arg). */
enum trace_setting {
	TRACE_SET_SWITCH_INTERVAL = 1,	/* val = ns */
	TRACE_SET_GIL_MODE,		/* val = 0 modern, 1 legacy, 2 none */
	TRACE_SET_BREAKER		/* val = 0 default, 1 instruction */
};

const char *trace_entity_kind_name(unsigned kind);
const char *trace_state_name(unsigned state);
const char *trace_reason_name(unsigned reason);
const char *trace_event_kind_name(unsigned kind);

#endif
