/*
 * vm.h — the interpreter, its threads, frames and the hooks the runtime
 * (GIL, threads, processes, asyncio) plugs into.
 *
 * All mutable state of the language lives in one struct interp (one per
 * process; a forked child keeps using its copy) and one struct vm_thread per
 * OS thread running Python code (its frame stack, pending exception and trace
 * entity id). The thread-local pointer vm_cur names the vm_thread of the
 * calling OS thread; it is the only thread-local and it is set by
 * vm_thread_attach(). Nothing else is global.
 *
 * Eval-breaker: interp->eval_breaker is an int read with one relaxed atomic
 * load at every backward jump and every function entry (CPython 3.10+
 * placement), and after every instruction when interp->breaker_every_insn is
 * set. When it is nonzero the VM calls interp->hooks.on_breaker(thread),
 * which the GIL code implements (drop requests, signals, async exceptions).
 * The hook may set thread->exc and return -1 to raise in the thread.
 *
 * Blocking calls: every call that may wait (time.sleep, input, and later
 * lock/queue/join waits) is wrapped as
 *	vm_block_begin(t, TRACE_WHY_SLEEP, obj, deadline_ns);
 *	... the blocking system call, without touching Python objects ...
 *	vm_block_end(t);
 * which calls hooks.before_block / hooks.after_block, so that the GIL code
 * can release the GIL and report Timed Waiting / Blocked.
 *
 * Calling Python from C on a new OS thread (the threading module):
 *	struct vm_thread *nt = vm_thread_create(interp);
 *	(in the new thread) vm_thread_attach(nt);
 *	res = vm_call(nt, callable, args, nargs, NULL);
 *	if (res.tag == V_NULL) vm_print_exception(nt, nt->exc) ...
 *	vm_thread_detach(nt); vm_thread_free(nt);
 * vm_call() never recurses in C per Python-to-Python call inside the eval
 * loop; C->Python re-entry (sorted key, __repr__, ...) is bounded by the
 * recursion limit (RecursionError).
 *
 * Modules: a table (modules/modules.c) of { name, init function }; adding a
 * module is one file and one line in the table.
 */
#ifndef CONCVIZ_LANG_VM_H
#define CONCVIZ_LANG_VM_H

#include <stdint.h>
#include <stdio.h>

#include "lang/value.h"

/* Builtin types, indexed in interp->types. */
enum type_id {
	T_OBJECT, T_TYPE, T_NONETYPE, T_BOOL, T_INT, T_FLOAT, T_STR, T_BYTES,
	T_LIST, T_TUPLE, T_DICT, T_SET, T_FROZENSET, T_RANGE, T_SLICE,
	T_FUNCTION, T_BUILTIN, T_METHOD, T_CELL, T_CODE, T_GENERATOR,
	T_MODULE, T_ITERATOR, T_DICTVIEW, T_PROPERTY, T_STATICMETHOD,
	T_CLASSMETHOD, T_SUPER, T_NOTIMPLTYPE, T_ELLIPSISTYPE, T_ENUMERATE,
	T_ZIP, T_MAP, T_FILTER, T_REVERSED, T_OPAQUE, T_DICTVALUES, T_DICTITEMS,
	T_TRACEBACK,
	T_COUNT
};

/* Builtin exception classes: X(name, base). */
#define EXC_TYPES(X)						\
	X(BaseException, BaseException)				\
	X(SystemExit, BaseException)				\
	X(KeyboardInterrupt, BaseException)			\
	X(GeneratorExit, BaseException)				\
	X(Exception, BaseException)				\
	X(StopIteration, Exception)				\
	X(StopAsyncIteration, Exception)			\
	X(ArithmeticError, Exception)				\
	X(FloatingPointError, ArithmeticError)			\
	X(OverflowError, ArithmeticError)			\
	X(ZeroDivisionError, ArithmeticError)			\
	X(AssertionError, Exception)				\
	X(AttributeError, Exception)				\
	X(BufferError, Exception)				\
	X(EOFError, Exception)					\
	X(ImportError, Exception)				\
	X(ModuleNotFoundError, ImportError)			\
	X(LookupError, Exception)				\
	X(IndexError, LookupError)				\
	X(KeyError, LookupError)				\
	X(MemoryError, Exception)				\
	X(NameError, Exception)					\
	X(UnboundLocalError, NameError)				\
	X(OSError, Exception)					\
	X(BlockingIOError, OSError)				\
	X(ChildProcessError, OSError)				\
	X(ConnectionError, OSError)				\
	X(BrokenPipeError, ConnectionError)			\
	X(FileExistsError, OSError)				\
	X(FileNotFoundError, OSError)				\
	X(InterruptedError, OSError)				\
	X(PermissionError, OSError)				\
	X(ProcessLookupError, OSError)				\
	X(TimeoutError, OSError)				\
	X(ReferenceError, Exception)				\
	X(RuntimeError, Exception)				\
	X(NotImplementedError, RuntimeError)			\
	X(RecursionError, RuntimeError)				\
	X(SyntaxError, Exception)				\
	X(IndentationError, SyntaxError)			\
	X(SystemError, Exception)				\
	X(TypeError, Exception)					\
	X(ValueError, Exception)				\
	X(UnicodeError, ValueError)				\
	X(UnicodeDecodeError, UnicodeError)			\
	X(UnicodeEncodeError, UnicodeError)			\
	X(Warning, Exception)					\
	X(DeprecationWarning, Warning)				\
	X(RuntimeWarning, Warning)				\
	X(UserWarning, Warning)

enum exc_id {
#define X(n, b) E_##n,
	EXC_TYPES(X)
#undef X
	E_COUNT
};

/* Hooks the runtime installs; all may be NULL. */
struct vm_hooks {
	/* The eval-breaker fired; return -1 with t->exc set to raise. */
	int	(*on_breaker)(struct vm_thread *t);
	/* Around a blocking call (reason: enum trace_reason). */
	void	(*before_block)(struct vm_thread *t, int reason, uint32_t obj,
		    uint64_t deadline_ns);
	void	(*after_block)(struct vm_thread *t);
	/* A new vm_thread starts / ends running Python code. */
	void	(*thread_start)(struct vm_thread *t);
	void	(*thread_end)(struct vm_thread *t);
	void	*arg;
};

/* A loaded source file, for tracebacks and error carets. */
struct vm_source {
	char		*path;
	char		*text;
	struct vm_source *next;
};

#define VM_RECURSION_LIMIT	1000

/* The interpreter: one per process. Touched only by the GIL holder. */
struct interp {
	struct obj	 objects;	/* sentinel of the object list */
	struct type	*types[T_COUNT];
	struct type	*exc[E_COUNT];
	struct dict	*builtins;
	struct dict	*modules;	/* sys.modules */
	struct dict	*main_globals;
	struct str	*s_init, *s_name, *s_main, *s_class, *s_doc;
	struct str	*s_module, *s_qualname, *s_dunder_class;
	struct val	 none_notimpl;	/* NotImplemented */
	struct val	 ellipsis;
	struct str	*empty_str;
	struct str	*chars[128];	/* one-character ASCII strings */
	struct tuple	*empty_tuple;

	int		 eval_breaker;	/* atomic: relaxed loads */
	int		 breaker_every_insn;
	struct vm_hooks	 hooks;
	int64_t		 switch_interval_ns;
	int		 recursion_limit;
	int		 gil_mode;	/* 0 modern, 1 legacy, 2 none */
	int		 atomic_rc;	/* reserved for --gil=none */
	struct type	*local_type;	/* _thread._local, once made */

	struct list	*argv;
	struct vm_source *sources;
	struct vm_thread *main_thread;
	struct vm_thread *threads;	/* all attached threads */
	uint64_t	 next_id;
	uint64_t	 dict_version;	/* source of unique dict versions */

	/* random: Mersenne Twister state. */
	uint32_t	 mt[624];
	int		 mti;

	/* Objects whose repr is in progress (recursion guard). */
	struct obj	*repr_stack[64];
	int		 nrepr;

	/* Interned strings (dict str -> str). */
	struct dict	*interned;
	int		 exiting;
};

struct frame;

/* Per OS thread running Python code. */
struct vm_thread {
	struct interp	*interp;
	struct frame	*frame;		/* innermost frame */
	int		 depth;		/* Python call depth */
	struct val	 exc;		/* pending exception, V_NULL if none */
	struct val	 handled;	/* exception being handled (except:) */
	uint32_t	 trace_id;	/* trace entity of this thread */
	int64_t		 last_line;	/* the line now executing */
	int64_t		 line_sent;	/* the last line emitted as LINE */
	uint64_t	 line_sent_ns;	/* when it was emitted */
	unsigned	 line_skip;	/* line changes to pass before a clock read */
	unsigned	 line_gate;	/* current sampling gap (0 = every change) */
	void		*rt;		/* the runtime's per-thread data */
	struct vm_thread *next;		/* interp->threads */
	struct frame	*free_frames[16]; /* frame freelist by size class */
	struct list	*local_tables;	/* threading.local tables we are in */
};

extern __thread struct vm_thread *vm_cur;

/* Emit the thread's current line if a LINE event for it is still pending. */
void	vm_trace_line_flush(struct vm_thread *);

/* Create / free an interpreter. */
struct interp	*interp_create(void);
void		 interp_free(struct interp *);

struct vm_thread *vm_thread_create(struct interp *);
void		 vm_thread_free(struct vm_thread *);
void		 vm_thread_attach(struct vm_thread *);
void		 vm_thread_detach(struct vm_thread *);

/*
 * Compile and run a file as __main__. Returns the process exit status:
 * 0, 1 after an uncaught exception (traceback printed to err), or the
 * SystemExit code; VM_EXIT_INTERRUPTED after an uncaught KeyboardInterrupt
 * (the caller should end by SIGINT; its low byte is 130 if it does not).
 */
#define VM_EXIT_INTERRUPTED	(0x100 | 130)
int		 vm_run_main(struct interp *, const char *path, const char *text,
		    size_t len, FILE *err);

/* Call a callable. Returns V_NULL with t->exc set on error. */
struct val	 vm_call(struct vm_thread *, struct val callable, struct val *args,
		    int nargs, struct dict *kw);

/* Print a traceback and "Type: message" for an exception. */
void		 vm_print_exception(struct vm_thread *, struct val exc, FILE *);

/* Wrap a blocking call (see above). */
void		 vm_block_begin(struct vm_thread *, int reason, uint32_t obj,
		    uint64_t deadline_ns);
void		 vm_block_end(struct vm_thread *);

/* Request a call of hooks.on_breaker at the next check (any thread). */
static inline void
vm_breaker_set(struct interp *in, int v)
{
	__atomic_store_n(&in->eval_breaker, v, __ATOMIC_RELAXED);
}

/* Emit program output to the trace (OUTPUT), fd 1 or 2. */
void		 vm_trace_output(struct vm_thread *, int fd, const char *, size_t);

#endif
