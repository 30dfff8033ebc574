/*
 * vm.c — the eval loop, frames, calls, generators and exceptions in flight.
 *
 * Owns instruction dispatch (computed goto), frame allocation (a per-thread
 * freelist), argument binding, exception unwinding and tracebacks, the
 * eval-breaker check and the blocking-call hooks. It must not know how
 * objects implement their operations (object.c and friends do).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "lang/lang.h"
#include "trace/emit.h"

__thread struct vm_thread *vm_cur;

/* ---- frames ------------------------------------------------------------- */

/* Allocate a frame for code; locals are unbound, cells fresh. */
struct frame *
frame_new(struct vm_thread *t, struct code *co, struct func *fn,
    struct dict *globals)
{
	int		 n = co->nlocals + co->ncells + co->nfree + co->stacksize;
	int		 sc = (n + 15) / 16, i;
	struct frame	*f;

	if (sc < 16 && t->free_frames[sc] != NULL) {
		f = t->free_frames[sc];
		t->free_frames[sc] = f->back;
	} else {
		f = xmalloc(sizeof *f + sizeof(struct val) * (size_t)(sc * 16));
	}
	f->size_class = sc;
	f->nslots = co->nlocals + co->ncells + co->nfree;
	memset(f->slots, 0, sizeof(struct val) * (size_t)f->nslots);
	f->back = NULL;
	f->code = co;
	OBJ_INCREF(co);
	f->func = fn;
	if (fn != NULL)
		OBJ_INCREF(fn);
	f->globals = globals;
	OBJ_INCREF(globals);
	f->locals = NULL;
	f->ip = co->insns;
	f->stack = f->slots + f->nslots;
	f->sp = f->stack;
	f->gen = NULL;
	f->entry = 0;
	f->nblocks = 0;
	for (i = 0; i < co->ncells; i++)
		f->slots[co->nlocals + i] = val_obj(cell_new(val_null()));
	if (co->nfree > 0 && fn != NULL && fn->closure != NULL) {
		for (i = 0; i < co->nfree && i < fn->closure->len; i++)
			f->slots[co->nlocals + co->ncells + i] =
			    val_dup(fn->closure->items[i]);
	}
	return f;
}

/* Release a frame: its values, and the memory to the freelist. */
void
frame_free(struct vm_thread *t, struct frame *f)
{
	struct val	*v;
	int		 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nslots; i++)
		val_decref(f->slots[i]);
	for (v = f->stack; v < f->sp; v++)
		val_decref(*v);
	for (i = 0; i < f->nblocks; i++)
		if (f->blocks[i].type == B_HANDLER)
			val_decref(f->blocks[i].saved);
	OBJ_DECREF(f->code);
	OBJ_XDECREF(f->func);
	OBJ_DECREF(f->globals);
	OBJ_XDECREF(f->locals);
	if (f->size_class < 16 && t != NULL) {
		f->back = t->free_frames[f->size_class];
		t->free_frames[f->size_class] = f;
	} else
		free(f);
}

/* ---- errors ------------------------------------------------------------- */

/* Set t->exc (takes the reference), chaining the handled exception. */
struct val
vm_raise_val(struct vm_thread *t, struct val exc)
{
	if (t->exc.tag != V_NULL)
		val_decref(t->exc);
	if (t->handled.tag == V_OBJ && exc.tag == V_OBJ &&
	    exc.u.o->type->layout == L_EXC && t->handled.u.o != exc.u.o) {
		struct exc *e = VAL_AS(exc, exc);

		if (e->context.tag == V_NULL || e->context.tag == V_NONE) {
			val_decref(e->context);
			e->context = val_dup(t->handled);
		}
	}
	t->exc = exc;
	return val_null();
}

/* Raise a builtin exception type with a printf-style message. */
struct val
vm_raise(struct vm_thread *t, struct type *type, const char *fmt, ...)
{
	va_list		 ap;
	char		*msg;
	struct val	 arg, e;

	if (fmt == NULL)
		return vm_raise_val(t, exc_new(type, NULL, 0));
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	arg = val_obj(str_cstr(msg));
	free(msg);
	e = exc_new(type, &arg, 1);
	val_decref(arg);
	return vm_raise_val(t, e);
}

/* Does the pending exception match type? */
int
vm_exc_matches(struct vm_thread *t, struct type *type)
{
	return t->exc.tag == V_OBJ &&
	    type_is_subtype(t->exc.u.o->type, type);
}

/* Drop the pending exception. */
void
vm_clear_exc(struct vm_thread *t)
{
	val_decref(t->exc);
	t->exc = val_null();
}

#define SUGGEST_MOVE	2
#define SUGGEST_CASE	1

/* CPython's substitution cost for suggestions. */
static size_t
suggest_subst(char a, char b)
{
	if ((a & 31) != (b & 31))
		return SUGGEST_MOVE;
	if (a == b)
		return 0;
	if (a >= 'A' && a <= 'Z')
		a += 'a' - 'A';
	if (b >= 'A' && b <= 'Z')
		b += 'a' - 'A';
	return a == b ? SUGGEST_CASE : SUGGEST_MOVE;
}

/* CPython's bounded Levenshtein distance (suggestions.c). */
static size_t
suggest_distance(const char *a, size_t an, const char *b, size_t bn,
    size_t max)
{
	size_t	buf[40], i, j, result = 0;

	while (an && bn && a[0] == b[0]) {
		a++;
		b++;
		an--;
		bn--;
	}
	while (an && bn && a[an - 1] == b[bn - 1]) {
		an--;
		bn--;
	}
	if (an == 0 || bn == 0)
		return (an + bn) * SUGGEST_MOVE;
	if (an > 40 || bn > 40)
		return max + 1;
	if (bn < an) {
		const char *tp = a;
		size_t tn = an;

		a = b;
		an = bn;
		b = tp;
		bn = tn;
	}
	if ((bn - an) * SUGGEST_MOVE > max)
		return max + 1;
	for (i = 0; i < an; i++)
		buf[i] = (i + 1) * SUGGEST_MOVE;
	for (j = 0; j < bn; j++) {
		size_t distance = result = j * SUGGEST_MOVE, minimum = (size_t)-1;

		for (i = 0; i < an; i++) {
			size_t sub = distance + suggest_subst(b[j], a[i]);
			size_t ins;

			distance = buf[i];
			ins = (result < distance ? result : distance) + SUGGEST_MOVE;
			result = ins < sub ? ins : sub;
			buf[i] = result;
			if (result < minimum)
				minimum = result;
		}
		if (minimum > max)
			return max + 1;
	}
	return result;
}

/* Attach a "Did you mean" suggestion for name to the pending exception. */
void
vm_suggest(struct vm_thread *t, struct list *cands, struct str *name)
{
	struct str	*best = NULL;
	size_t		 bestd = (size_t)-1;
	int64_t		 i;

	if (!val_is_obj(t->exc, L_EXC) || cands == NULL || cands->len > 750 ||
	    VAL_AS(exc, t->exc)->suggestion.tag != V_NULL)
		return;
	for (i = 0; i < cands->len; i++) {
		struct str	*c;
		size_t		 max, d;

		if (!IS_STR(cands->items[i]))
			continue;
		c = VAL_AS(str, cands->items[i]);
		if (str_eq(c, name))
			continue;
		max = ((size_t)name->len + (size_t)c->len + 3) * SUGGEST_MOVE / 6;
		if (bestd - 1 < max)
			max = bestd - 1;
		d = suggest_distance(name->data, (size_t)name->len, c->data,
		    (size_t)c->len, max);
		if (d > max)
			continue;
		if (best == NULL || d < bestd) {
			best = c;
			bestd = d;
		}
	}
	if (best != NULL)
		VAL_AS(exc, t->exc)->suggestion = val_dup(val_obj(best));
}

/* A NameError for name with suggestions from the frame's namespaces. */
static void
vm_name_error(struct vm_thread *t, struct frame *f, struct str *name)
{
	struct list	*l;
	int64_t		 pos;
	struct val	 k, v;
	int		 i;

	vm_raise(t, EXC(NameError), "name '%s' is not defined", name->data);
	l = list_new(0);
	if (f->code->flags & CO_FUNCTION)
		for (i = 0; i < f->code->nlocals; i++)
			list_append(l, val_dup(val_obj(f->code->varnames[i])));
	else if (f->locals != NULL) {
		pos = 0;
		while (dict_next(f->locals, &pos, &k, &v))
			list_append(l, val_dup(k));
	}
	vm_suggest(t, l, name);
	OBJ_DECREF(l);
	l = list_new(0);
	pos = 0;
	while (dict_next(f->globals, &pos, &k, &v))
		list_append(l, val_dup(k));
	vm_suggest(t, l, name);
	OBJ_DECREF(l);
	l = list_new(0);
	pos = 0;
	while (dict_next(t->interp->builtins, &pos, &k, &v))
		list_append(l, val_dup(k));
	vm_suggest(t, l, name);
	OBJ_DECREF(l);
}

/* Append a traceback entry to an exception. */
static void
vm_tb_add(struct val exc, struct code *co, int line)
{
	struct exc *e;

	if (!val_is_obj(exc, L_EXC))
		return;
	e = VAL_AS(exc, exc);
	obj_lock(e);	/* one exception object may be raised in two threads */
	if (e->ntb == e->captb) {
		e->captb = e->captb ? e->captb * 2 : 8;
		e->tb = xreallocarray(e->tb, (size_t)e->captb, sizeof *e->tb);
	}
	e->tb[e->ntb].code = co;
	OBJ_INCREF(co);
	e->tb[e->ntb].line = line;
	e->ntb++;
	obj_unlock(e);
}

/* The source text of a line of a file, or NULL. */
static const char *
vm_source_line(struct interp *in, const char *path, int line, size_t *len)
{
	struct vm_source	*s;
	const char		*p, *e;
	int			 n = 1;

	for (s = in->sources; s != NULL; s = s->next)
		if (strcmp(s->path, path) == 0)
			break;
	if (s == NULL)
		return NULL;
	p = s->text;
	while (*p != '\0' && n < line) {
		if (*p++ == '\n')
			n++;
	}
	if (n != line || *p == '\0')
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	e = p;
	while (*e != '\0' && *e != '\n')
		e++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
		e--;
	*len = (size_t)(e - p);
	return p;
}

/* Print one exception (no chaining) with its traceback. */
static void
vm_print_one(struct vm_thread *t, struct val exc, FILE *fp)
{
	struct exc	*e = VAL_AS(exc, exc);
	struct val	 msg;
	int		 i;
	const char	*tn = exc.u.o->type->name;

	if (e->ntb > 0) {
		int count = 0;
		struct tbent *last = NULL;

		fprintf(fp, "Traceback (most recent call last):\n");
		for (i = e->ntb - 1; i >= 0; i--) {
			const char	*src;
			size_t		 len;

			if (last == NULL || last->code->filename != e->tb[i].code->filename ||
			    last->line != e->tb[i].line ||
			    !str_eq(last->code->name, e->tb[i].code->name)) {
				if (count > 3)
					fprintf(fp, "  [Previous line repeated %d more time%s]\n",
					    count - 3, count - 3 > 1 ? "s" : "");
				last = &e->tb[i];
				count = 0;
			}
			if (++count > 3)
				continue;
			fprintf(fp, "  File \"%s\", line %d, in %s\n",
			    e->tb[i].code->filename->data, e->tb[i].line,
			    e->tb[i].code->name->data);
			src = vm_source_line(t->interp, e->tb[i].code->filename->data,
			    e->tb[i].line, &len);
			if (src != NULL && len > 0)
				fprintf(fp, "    %.*s\n", (int)len, src);
		}
		if (count > 3)
			fprintf(fp, "  [Previous line repeated %d more time%s]\n",
			    count - 3, count - 3 > 1 ? "s" : "");
	}
	msg = exc_str(t, e);
	if (msg.tag == V_NULL) {
		vm_clear_exc(t);
		fprintf(fp, "%s: <exception str() failed>\n", tn);
		return;
	}
	if (exc.u.o->type->flags & TF_USER) {
		struct val mod = dict_get_cstr(exc.u.o->type->dict, "__module__");
		struct val qn = dict_get_cstr(exc.u.o->type->dict, "__qualname__");

		if (IS_STR(mod) && strcmp(VAL_AS(str, mod)->data, "builtins") != 0 &&
		    strcmp(VAL_AS(str, mod)->data, "__main__") != 0)
			fprintf(fp, "%s.", VAL_AS(str, mod)->data);
		if (IS_STR(qn))
			tn = VAL_AS(str, qn)->data;
	}
	if (IS_STR(e->suggestion))
		fprintf(fp, "%s: %s. Did you mean: '%s'?\n", tn, VAL_AS(str, msg)->data,
		    VAL_AS(str, e->suggestion)->data);
	else if (VAL_AS(str, msg)->len > 0)
		fprintf(fp, "%s: %s\n", tn, VAL_AS(str, msg)->data);
	else
		fprintf(fp, "%s\n", tn);
	val_decref(msg);
}

/* Print an exception and its cause/context chain, CPython style. */
static void
vm_print_chain(struct vm_thread *t, struct val exc, FILE *fp, int depth)
{
	struct exc *e = VAL_AS(exc, exc);

	if (depth < 20) {
		if (val_is_obj(e->cause, L_EXC)) {
			vm_print_chain(t, e->cause, fp, depth + 1);
			fprintf(fp, "\nThe above exception was the direct cause of "
			    "the following exception:\n\n");
		} else if (val_is_obj(e->context, L_EXC) && !e->suppress_context) {
			vm_print_chain(t, e->context, fp, depth + 1);
			fprintf(fp, "\nDuring handling of the above exception, "
			    "another exception occurred:\n\n");
		}
	}
	vm_print_one(t, exc, fp);
}

/* Print an exception with traceback to fp. */
void
vm_print_exception(struct vm_thread *t, struct val exc, FILE *fp)
{
	if (!val_is_obj(exc, L_EXC)) {
		fprintf(fp, "<non-exception raised>\n");
		return;
	}
	fflush(stdout);
	vm_print_chain(t, exc, fp, 0);
	fflush(fp);
}

/* ---- hooks -------------------------------------------------------------- */

/* Before a blocking call. */
void
vm_block_begin(struct vm_thread *t, int reason, uint32_t obj,
    uint64_t deadline_ns)
{
	vm_trace_line_flush(t);
	if (t->interp->hooks.before_block != NULL)
		t->interp->hooks.before_block(t, reason, obj, deadline_ns);
}

/* After a blocking call. */
void
vm_block_end(struct vm_thread *t)
{
	if (t->interp->hooks.after_block != NULL)
		t->interp->hooks.after_block(t);
}

/* Emit program output to the trace. */
void
vm_trace_output(struct vm_thread *t, int fd, const char *s, size_t n)
{
	if (trace_on) {
		vm_trace_line_flush(t);
		trace_emit_str(TRACE_EV_OUTPUT, t->trace_id, (uint16_t)fd, 0, 0,
		    s, n);
	}
}

/*
 * LINE events are coalesced (SPEC §2): a person cannot see a marker that
 * moves every 50 ns, and a tight loop spanning two lines would otherwise emit
 * millions of events and overflow the thread's buffer. The current line is
 * always tracked; it is emitted when it changes and at least VM_LINE_GAP_NS
 * have passed since the last LINE of this thread. To keep the clock off the
 * hot path, a thread whose lines change faster than that reads the clock only
 * every line_gate-th change (the gate doubles up to 63 while lines keep
 * changing fast and drops to 0 as soon as they slow down). A line still
 * pending is emitted before anything a viewer lines up with the source: a
 * blocking call, program output, and (by the GIL's breaker hook) a forced
 * GIL drop.
 */
#define VM_LINE_GAP_NS	100000u

/* Emit the current line now. */
static void
vm_trace_line_emit(struct vm_thread *t, uint64_t now)
{
	t->line_sent = t->last_line;
	t->line_sent_ns = now;
	trace_emit(TRACE_EV_LINE, t->trace_id, 0, 0, (uint64_t)t->last_line);
}

void
vm_trace_line_flush(struct vm_thread *t)
{
	if (trace_on && t->last_line != t->line_sent && t->last_line >= 0)
		vm_trace_line_emit(t, clock_now_ns());
}

/* Note the thread's line; emit a LINE event per the coalescing rule above. */
static void
vm_trace_line(struct vm_thread *t, int line)
{
	uint64_t now;

	if (line == t->last_line)
		return;
	t->last_line = line;
	if (t->line_skip != 0) {
		t->line_skip--;
		return;
	}
	now = clock_now_ns();
	if (now - t->line_sent_ns >= VM_LINE_GAP_NS) {
		vm_trace_line_emit(t, now);
		t->line_gate = 0;
	} else
		t->line_gate = t->line_gate == 0 ? 1 :
		    (t->line_gate * 2 + 1 > 63 ? 63 : t->line_gate * 2 + 1);
	t->line_skip = t->line_gate;
}

/*
 * A line of code co, unless co belongs to a module written in Python
 * (threading, asyncio, concurrent.futures: code compiled from "<name>"):
 * those lines are not the program's, and the thread's marker stays on the
 * program line that called into them.
 */
static inline void
vm_trace_co_line(struct vm_thread *t, struct code *co, int line)
{
	if (!(co->flags & CO_NOLINES))
		vm_trace_line(t, line);
}

/* ---- calls -------------------------------------------------------------- */

/* The "f() missing N required positional argument(s)" message. */
static void
vm_missing_args(struct vm_thread *t, struct code *co, struct frame *f,
    int from, int to, int kwonly)
{
	struct buf	b;
	int		i, n = 0, k = 0;

	for (i = from; i < to; i++)
		if (f->slots[i].tag == V_NULL)
			n++;
	buf_init(&b);
	for (i = from; i < to; i++) {
		if (f->slots[i].tag != V_NULL)
			continue;
		k++;
		buf_printf(&b, "'%s'", co->varnames[i]->data);
		if (k == n - 1)
			buf_adds(&b, n > 2 ? ", and " : " and ");
		else if (k < n)
			buf_adds(&b, ", ");
	}
	vm_raise(t, EXC(TypeError), "%s() missing %d required %s argument%s: %s",
	    co->qualname->data, n, kwonly ? "keyword-only" : "positional",
	    n == 1 ? "" : "s", b.data);
	buf_fini(&b);
}

/*
 * Bind arguments into a new frame's locals. args are borrowed (copied with
 * new references). Returns 0 or -1 with an exception set.
 */
int
frame_bind_args(struct vm_thread *t, struct frame *f, struct func *fn,
    struct val *args, int nargs, struct dict *kw)
{
	struct code	*co = fn->code;
	int		 np = co->nargs, i, nkwo = co->nkwonly;
	int		 varpos = np + nkwo, kwpos = varpos +
	    ((co->flags & CO_VARARGS) != 0);
	struct dict	*kwd = NULL;

	for (i = 0; i < nargs && i < np; i++)
		f->slots[i] = val_dup(args[i]);
	if (co->flags & CO_VARARGS) {
		struct tuple *rest = tuple_new(nargs > np ? nargs - np : 0);

		for (i = np; i < nargs; i++)
			rest->items[i - np] = val_dup(args[i]);
		f->slots[varpos] = val_obj(rest);
	} else if (nargs > np) {
		int ndef = fn->defaults ? (int)fn->defaults->len : 0;

		if (ndef > 0)
			vm_raise(t, EXC(TypeError),
			    "%s() takes from %d to %d positional arguments but %d %s given",
			    co->qualname->data, np - ndef, np, nargs,
			    nargs == 1 ? "was" : "were");
		else
			vm_raise(t, EXC(TypeError),
			    "%s() takes %d positional argument%s but %d %s given",
			    co->qualname->data, np, np == 1 ? "" : "s", nargs,
			    nargs == 1 ? "was" : "were");
		return -1;
	}
	if (co->flags & CO_VARKW) {
		kwd = dict_new();
		f->slots[kwpos] = val_obj(kwd);
	}
	if (kw != NULL) {
		int64_t		 pos = 0;
		struct val	 k, v;

		while (dict_next(kw, &pos, &k, &v)) {
			struct str *ks = VAL_AS(str, k);
			int j;

			for (j = 0; j < np + nkwo; j++)
				if (co->varnames[j] == ks || str_eq(co->varnames[j], ks))
					break;
			if (j < np + nkwo) {
				if (f->slots[j].tag != V_NULL) {
					vm_raise(t, EXC(TypeError),
					    "%s() got multiple values for argument '%s'",
					    co->qualname->data, ks->data);
					return -1;
				}
				f->slots[j] = val_dup(v);
			} else if (kwd != NULL) {
				if (dict_set(kwd, k, v) < 0)
					return -1;
			} else {
				vm_raise(t, EXC(TypeError),
				    "%s() got an unexpected keyword argument '%s'",
				    co->qualname->data, ks->data);
				return -1;
			}
		}
	}
	/* Defaults for missing positionals. */
	if (nargs < np) {
		int ndef = fn->defaults ? (int)fn->defaults->len : 0;

		for (i = nargs; i < np; i++) {
			if (f->slots[i].tag != V_NULL)
				continue;
			if (i >= np - ndef)
				f->slots[i] = val_dup(fn->defaults->items[i - (np - ndef)]);
		}
		for (i = nargs; i < np; i++)
			if (f->slots[i].tag == V_NULL) {
				vm_missing_args(t, co, f, 0, np, 0);
				return -1;
			}
	}
	for (i = np; i < np + nkwo; i++) {
		if (f->slots[i].tag != V_NULL || fn->kwdefaults == NULL)
			continue;
		{
			struct val d = dict_get_str(fn->kwdefaults, co->varnames[i]);

			if (d.tag != V_NULL)
				f->slots[i] = val_dup(d);
		}
	}
	for (i = np; i < np + nkwo; i++)
		if (f->slots[i].tag == V_NULL) {
			vm_missing_args(t, co, f, np, np + nkwo, 1);
			return -1;
		}
	return 0;
}

/* Call a Python function: bind, then run (or make a generator). */
static struct val
vm_call_func(struct vm_thread *t, struct func *fn, struct val *args, int nargs,
    struct dict *kw)
{
	struct frame	*f;
	struct val	 r;

	f = frame_new(t, fn->code, fn, fn->globals);
	if (frame_bind_args(t, f, fn, args, nargs, kw) < 0) {
		frame_free(t, f);
		return val_null();
	}
	if (fn->code->flags & CO_GENERATOR)
		return val_obj(gen_new(f, fn));
	f->entry = 1;
	r = vm_eval(t, f);
	return r;
}

/* Call any callable. */
struct val
vm_call(struct vm_thread *t, struct val callable, struct val *args, int nargs,
    struct dict *kw)
{
	struct obj *o;

	if (callable.tag != V_OBJ)
		goto notcallable;
	o = callable.u.o;
	switch (o->type->layout) {
	case L_FUNC:
		return vm_call_func(t, (struct func *)o, args, nargs, kw);
	case L_CFUNC:
		{
			struct cfunc *cf = (struct cfunc *)o;

			if (cf->self.tag != V_NULL) {
				struct val	 buf[16], *a = buf, r;
				int		 i;

				if (nargs + 1 > 16)
					a = xmalloc(sizeof *a * (size_t)(nargs + 1));
				a[0] = cf->self;
				for (i = 0; i < nargs; i++)
					a[i + 1] = args[i];
				r = cf->fn(t, a, nargs + 1, kw);
				if (a != buf)
					free(a);
				return r;
			}
			if (cf->is_method && cf->owner != NULL) {
				if (nargs == 0)
					return vm_raise(t, EXC(TypeError),
					    "unbound method %s.%s() needs an argument",
					    cf->owner->name, cf->name);
				if (!type_is_subtype(val_type(args[0]), cf->owner))
					return vm_raise(t, EXC(TypeError),
					    "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
					    cf->name, cf->owner->name,
					    val_type_name(args[0]));
			}
			return cf->fn(t, args, nargs, kw);
		}
	case L_METHOD:
		{
			struct method	*m = (struct method *)o;
			struct val	 buf[16], *a = buf, r;
			int		 i;

			if (nargs + 1 > 16)
				a = xmalloc(sizeof *a * (size_t)(nargs + 1));
			a[0] = m->self;
			for (i = 0; i < nargs; i++)
				a[i + 1] = args[i];
			r = vm_call(t, m->func, a, nargs + 1, kw);
			if (a != buf)
				free(a);
			return r;
		}
	case L_TYPE:
		return type_call(t, (struct type *)o, args, nargs, kw);
	default:
		{
			struct val call = type_lookup_cstr(o->type, "__call__");

			if (call.tag != V_NULL) {
				struct val	 buf[16], *a = buf, r;
				int		 i;

				if (nargs + 1 > 16)
					a = xmalloc(sizeof *a * (size_t)(nargs + 1));
				a[0] = callable;
				for (i = 0; i < nargs; i++)
					a[i + 1] = args[i];
				r = vm_call(t, call, a, nargs + 1, kw);
				if (a != buf)
					free(a);
				return r;
			}
		}
	}
notcallable:
	return vm_raise(t, EXC(TypeError), "'%s' object is not callable",
	    val_type_name(callable));
}

/* ---- generators --------------------------------------------------------- */

/* Resume a generator with a value; *done is set when it returned. */
struct val
gen_send(struct vm_thread *t, struct gen *g, struct val v, int *done)
{
	struct frame	*f;
	struct val	 r;
	int		 finished;

	*done = 0;
	if (gen_claim(g) < 0) {
		if (g->frame == NULL) {
			if (g->hdr.type == TYPE(T_COROUTINE))
				return vm_raise(t, EXC(RuntimeError),
				    "cannot reuse already awaited coroutine");
			*done = 1;
			return val_none();
		}
		return vm_raise(t, EXC(ValueError), "%s already executing",
		    g->hdr.type == TYPE(T_COROUTINE) ? "coroutine" : "generator");
	}
	if ((f = g->frame) == NULL) {
		gen_unclaim(g);
		if (g->hdr.type == TYPE(T_COROUTINE))
			return vm_raise(t, EXC(RuntimeError),
			    "cannot reuse already awaited coroutine");
		*done = 1;
		return val_none();
	}
	if (!g->started) {
		if (v.tag != V_NONE) {
			gen_unclaim(g);
			return vm_raise(t, EXC(TypeError),
			    "can't send non-None value to a just-started generator");
		}
		g->started = 1;
	} else
		*f->sp++ = val_dup(v);
	f->entry = 1;
	f->gen = g;
	r = vm_eval(t, f);
	finished = g->frame == NULL;
	gen_unclaim(g);
	if (finished) {
		/* Returned or raised: the frame is gone. */
		*done = r.tag != V_NULL;
		if (r.tag == V_NULL && vm_exc_matches(t, EXC(StopIteration))) {
			vm_clear_exc(t);
			return vm_raise(t, EXC(RuntimeError),
			    "generator raised StopIteration");
		}
	}
	return r;
}

/* Throw an exception into a generator. */
struct val
gen_throw(struct vm_thread *t, struct gen *g, struct val exc, int *done)
{
	struct frame	*f;
	struct val	 r;
	int		 finished;

	*done = 0;
	if (gen_claim(g) < 0)
		return vm_raise(t, EXC(ValueError), "generator already executing");
	f = g->frame;
	if (f == NULL || !g->started) {
		if (f != NULL) {
			g->frame = NULL;
			frame_free(t, f);
		}
		gen_unclaim(g);
		*done = 1;
		vm_raise_val(t, val_dup(exc));
		return val_null();
	}
	f->entry = 1;
	/* Resume with the exception pending: the eval loop unwinds at entry. */
	vm_raise_val(t, val_dup(exc));
	*f->sp++ = val_null();
	r = vm_eval(t, f);
	finished = g->frame == NULL;
	gen_unclaim(g);
	if (finished)
		*done = r.tag != V_NULL;
	return r;
}

/* ---- the eval loop ------------------------------------------------------ */

/* The eval-breaker fired: call the runtime's hook. */
static int
vm_breaker(struct vm_thread *t)
{
	struct interp *in = t->interp;

	if (in->hooks.on_breaker != NULL)
		return in->hooks.on_breaker(t);
	vm_breaker_set(in, 0);
	return 0;
}

/* Lookup a global, then a builtin. */
static inline struct val
vm_load_global(struct frame *f, struct str *name)
{
	struct val v = dict_get_str(f->globals, name);

	if (v.tag == V_NULL)
		v = dict_get_str(vm_cur->interp->builtins, name);
	return v;
}

/* Make a function object from MAKE_FUNCTION operands. */
static struct val
vm_make_function(struct frame *f, struct val *sp, int flags, int *npop)
{
	struct code	*co = VAL_AS(code, sp[-1]);
	struct func	*fn = func_new(co, f->globals);
	int		 k = 2;

	if (flags & 4) {
		fn->closure = VAL_AS(tuple, sp[-k]);
		OBJ_INCREF(fn->closure);
		k++;
	}
	if (flags & 2) {
		fn->kwdefaults = VAL_AS(dict, sp[-k]);
		OBJ_INCREF(fn->kwdefaults);
		k++;
	}
	if (flags & 1) {
		fn->defaults = VAL_AS(tuple, sp[-k]);
		OBJ_INCREF(fn->defaults);
		k++;
	}
	*npop = k - 1;
	if (co->nconsts > 0 && (co->flags & CO_FUNCTION) &&
	    !(co->flags & (CO_LAMBDA | CO_COMPREHENSION)))
		fn->doc = val_dup(co->consts[0]);
	else
		fn->doc = val_none();
	{
		struct val mod = dict_get_cstr(f->globals, "__name__");

		fn->module = mod.tag != V_NULL ? val_dup(mod) : val_none();
	}
	return val_obj(fn);
}

/* Unpack an iterable into n values at dst (in reverse for the stack). */
static int
vm_unpack(struct vm_thread *t, struct val seq, int before, int after,
    int star, struct val *dst)
{
	struct list	*l;
	int64_t		 n, i;

	if (IS_TUPLE(seq) && !star) {
		struct tuple *tu = VAL_AS(tuple, seq);

		if (tu->len != before) {
			if (tu->len > before)
				vm_raise(t, EXC(ValueError),
				    "too many values to unpack (expected %d)", before);
			else
				vm_raise(t, EXC(ValueError),
				    "not enough values to unpack (expected %d, got %d)",
				    before, (int)tu->len);
			return -1;
		}
		for (i = 0; i < before; i++)
			dst[before - 1 - i] = val_dup(tu->items[i]);
		return 0;
	}
	if (seq.tag != V_OBJ || (!IS_LIST(seq) && !IS_TUPLE(seq))) {
		struct val it = obj_iter(t, seq);

		if (it.tag == V_NULL) {
			if (vm_exc_matches(t, EXC(TypeError))) {
				vm_clear_exc(t);
				vm_raise(t, EXC(TypeError),
				    "cannot unpack non-iterable %s object",
				    val_type_name(seq));
			}
			return -1;
		}
		val_decref(it);
	}
	l = seq_to_list(t, seq);
	if (l == NULL)
		return -1;
	n = l->len;
	if (!star) {
		if (n != before) {
			if (n > before)
				vm_raise(t, EXC(ValueError),
				    "too many values to unpack (expected %d)", before);
			else
				vm_raise(t, EXC(ValueError),
				    "not enough values to unpack (expected %d, got %d)",
				    before, (int)n);
			OBJ_DECREF(l);
			return -1;
		}
		for (i = 0; i < n; i++)
			dst[n - 1 - i] = val_dup(l->items[i]);
	} else {
		int total = before + after + 1;
		struct list *mid;

		if (n < before + after) {
			vm_raise(t, EXC(ValueError),
			    "not enough values to unpack (expected at least %d, got %d)",
			    before + after, (int)n);
			OBJ_DECREF(l);
			return -1;
		}
		for (i = 0; i < before; i++)
			dst[total - 1 - i] = val_dup(l->items[i]);
		mid = list_new(0);
		for (i = before; i < n - after; i++)
			list_append(mid, val_dup(l->items[i]));
		dst[total - 1 - before] = val_obj(mid);
		for (i = 0; i < after; i++)
			dst[after - 1 - i] = val_dup(l->items[n - after + i]);
	}
	OBJ_DECREF(l);
	return 0;
}

/* __exit__ lookup for SETUP_WITH: bound exit; calls __enter__. */
static struct val
vm_with_enter(struct vm_thread *t, struct val mgr, struct val *exitp)
{
	struct val enter, exitf, r;

	enter = obj_getattr_opt(t, mgr, str_intern("__enter__"));
	exitf = obj_getattr_opt(t, mgr, str_intern("__exit__"));
	if (enter.tag == V_NULL || exitf.tag == V_NULL) {
		val_decref(enter);
		val_decref(exitf);
		if (t->exc.tag != V_NULL)
			return val_null();
		return vm_raise(t, EXC(TypeError),
		    "'%s' object does not support the context manager protocol",
		    val_type_name(mgr));
	}
	r = vm_call(t, enter, NULL, 0, NULL);
	val_decref(enter);
	if (r.tag == V_NULL) {
		val_decref(exitf);
		return r;
	}
	*exitp = exitf;
	return r;
}

/* Call the method 'name' of v with no arguments, or V_NULL if v has none. */
static struct val
vm_call_opt(struct vm_thread *t, struct val v, const char *name, int *found)
{
	struct val m = obj_getattr_opt(t, v, str_intern(name)), r;

	*found = m.tag != V_NULL;
	if (m.tag == V_NULL)
		return m;
	r = vm_call(t, m, NULL, 0, NULL);
	val_decref(m);
	return r;
}

/* The iterator that 'await v' drives (coroutine, or __await__()'s result). */
static struct val
vm_get_awaitable(struct vm_thread *t, struct val v)
{
	struct val	 r;
	int		 found;

	if (v.tag == V_OBJ && v.u.o->type == TYPE(T_COROUTINE)) {
		if (VAL_AS(gen, v)->frame == NULL)
			return vm_raise(t, EXC(RuntimeError),
			    "cannot reuse already awaited coroutine");
		return val_dup(v);
	}
	r = v.tag == V_OBJ ? vm_call_opt(t, v, "__await__", &found) :
	    val_null();
	if (v.tag != V_OBJ || (!found && t->exc.tag == V_NULL))
		return vm_raise(t, EXC(TypeError),
		    "object %s can't be used in 'await' expression",
		    val_type_name(v));
	if (r.tag == V_NULL)
		return r;
	if (r.tag != V_OBJ || (r.u.o->type->layout != L_ITER &&
	    r.u.o->type->layout != L_GEN &&
	    type_lookup_cstr(r.u.o->type, "__next__").tag == V_NULL)) {
		vm_raise(t, EXC(TypeError),
		    "__await__() returned non-iterator of type '%s'",
		    val_type_name(r));
		val_decref(r);
		return val_null();
	}
	return r;
}

/* async with: push the bound __aexit__, then __aenter__()'s awaitable. */
static int
vm_before_async_with(struct vm_thread *t, struct val mgr, struct val *out)
{
	struct val enter, exitf, r;

	enter = obj_getattr_opt(t, mgr, str_intern("__aenter__"));
	exitf = obj_getattr_opt(t, mgr, str_intern("__aexit__"));
	if (enter.tag == V_NULL || exitf.tag == V_NULL) {
		val_decref(enter);
		val_decref(exitf);
		if (t->exc.tag == V_NULL)
			vm_raise(t, EXC(TypeError), "'%s' object does not "
			    "support the asynchronous context manager protocol",
			    val_type_name(mgr));
		return -1;
	}
	r = vm_call(t, enter, NULL, 0, NULL);
	val_decref(enter);
	if (r.tag == V_NULL) {
		val_decref(exitf);
		return -1;
	}
	out[0] = exitf;
	out[1] = r;
	return 0;
}

/* The attribute for LOAD_METHOD: fills [func, self] or [NULL, attr]. */
static int
vm_load_method(struct vm_thread *t, struct val obj, struct str *name,
    struct val *out)
{
	struct type *tp = val_type(obj);

	if (obj.tag == V_OBJ && (tp->layout == L_INST || tp->layout == L_EXC) &&
	    !(tp->flags & (TF_HAS_GETATTR | TF_LOCAL))) {
		struct val m = type_lookup(tp, name);

		if (m.tag == V_OBJ && m.u.o->type->layout == L_FUNC) {
			struct dict *d = ((struct instance *)obj.u.o)->dict;

			if (d == NULL || dict_get_str(d, name).tag == V_NULL) {
				out[0] = val_dup(m);
				out[1] = obj;	/* takes over the stack ref */
				return 0;
			}
		}
	} else if (obj.tag != V_OBJ || (tp->layout != L_TYPE &&
	    tp->layout != L_MODULE && tp->layout != L_INST &&
	    tp->layout != L_SUPER && tp->layout != L_EXC &&
	    !(tp->flags & TF_USER))) {
		struct val m = type_lookup(tp, name);

		if (m.tag == V_OBJ && m.u.o->type->layout == L_CFUNC &&
		    ((struct cfunc *)m.u.o)->is_method) {
			out[0] = val_dup(m);
			out[1] = obj;
			return 0;
		}
	}
	{
		struct val a = obj_getattr(t, obj, name);

		val_decref(obj);
		if (a.tag == V_NULL)
			return -1;
		out[0] = val_null();
		out[1] = a;
	}
	return 0;
}

/* Import a name from a module (IMPORT_FROM). */
static struct val
vm_import_from(struct vm_thread *t, struct val mod, struct str *name)
{
	struct val v = obj_getattr_opt(t, mod, name);

	if (v.tag != V_NULL || t->exc.tag != V_NULL)
		return v;
	/* A submodule not imported yet: "from concurrent import futures". */
	v = vm_import_submodule(t, mod, name);
	if (v.tag != V_NULL || t->exc.tag != V_NULL)
		return v;
	{
		const char *mn = val_is_obj(mod, L_MODULE) ?
		    VAL_AS(module, mod)->name->data : "?";

		return vm_raise(t, EXC(ImportError),
		    "cannot import name '%s' from '%s' (unknown location)",
		    name->data, mn);
	}
}

/* Is this an exception class (or a tuple of them) for except clauses? */
static int
vm_check_exc_match(struct vm_thread *t, struct val exc, struct val match)
{
	if (IS_TUPLE(match)) {
		struct tuple	*tu = VAL_AS(tuple, match);
		int64_t		 i;

		for (i = 0; i < tu->len; i++) {
			int r = vm_check_exc_match(t, exc, tu->items[i]);

			if (r != 0)
				return r;
		}
		return 0;
	}
	if (!val_is_obj(match, L_TYPE) ||
	    !(VAL_AS(type, match)->flags & TF_EXC)) {
		vm_raise(t, EXC(TypeError),
		    "catching classes that do not inherit from BaseException is not allowed");
		return -1;
	}
	return type_is_subtype(val_type(exc), VAL_AS(type, match));
}

/* RAISE: build the exception from a class or instance. */
static void
vm_do_raise(struct vm_thread *t, struct val exc, struct val cause)
{
	struct val e;

	if (val_is_obj(exc, L_TYPE)) {
		if (!(VAL_AS(type, exc)->flags & TF_EXC)) {
			vm_raise(t, EXC(TypeError),
			    "exceptions must derive from BaseException");
			return;
		}
		e = vm_call(t, exc, NULL, 0, NULL);
		if (e.tag == V_NULL)
			return;
	} else if (val_is_obj(exc, L_EXC))
		e = val_dup(exc);
	else {
		vm_raise(t, EXC(TypeError), "exceptions must derive from BaseException");
		return;
	}
	if (cause.tag != V_NULL) {
		struct exc *x = VAL_AS(exc, e);
		struct val c;

		if (val_is_obj(cause, L_TYPE) && (VAL_AS(type, cause)->flags & TF_EXC)) {
			c = vm_call(t, cause, NULL, 0, NULL);
			if (c.tag == V_NULL) {
				val_decref(e);
				return;
			}
		} else if (val_is_obj(cause, L_EXC) || cause.tag == V_NONE)
			c = val_dup(cause);
		else {
			val_decref(e);
			vm_raise(t, EXC(TypeError),
			    "exception causes must derive from BaseException");
			return;
		}
		val_decref(x->cause);
		x->cause = c;
		x->suppress_context = 1;
	}
	vm_raise_val(t, e);
}

#define PUSH(v)		(*sp++ = (v))
#define POP()		(*--sp)
#define TOP()		(sp[-1])
#define SECOND()	(sp[-2])
#define THIRD()		(sp[-3])
#define LOCALS		(f->slots)

/*
 * Run frame f until it returns (or yields, for a generator frame), with
 * Python-to-Python calls handled inside the loop. Returns the result, or
 * V_NULL with t->exc set. Frame f (an entry frame) is freed unless it
 * belongs to a suspended generator.
 */
/*
 * o.name() for async for (__aiter__, __anext__); a TypeError of msg and
 * o's type name when o has no such method.
 */
static struct val
vm_async_dunder(struct vm_thread *t, struct val o, const char *name,
    const char *msg)
{
	struct val	r;
	int		found;

	r = vm_call_opt(t, o, name, &found);
	if (!found && t->exc.tag == V_NULL)
		vm_raise(t, EXC(TypeError), "%s%s", msg, val_type_name(o));
	return r;
}

static struct val
vm_eval_loop(struct vm_thread *t, struct frame *f)
{
	/*
	 * Two dispatch tables: an instruction with the line mark goes to
	 * L_LINE (the line bookkeeping, then the instruction) only while
	 * tracing, so a traced run pays for lines where lines may change and
	 * an untraced run pays nothing.
	 */
	static const void *const plain[256] = {
#define X(n) [OP_##n] = &&L_##n, [INSN_LINEMARK + OP_##n] = &&L_##n,
		OPCODES(X)
#undef X
	};
	static const void *const traced[256] = {
#define X(n) [OP_##n] = &&L_##n, [INSN_LINEMARK + OP_##n] = &&L_LINE,
		OPCODES(X)
#undef X
	};
	const void *const *targets = trace_on ? traced : plain;
	struct interp	*in = t->interp;
	struct code	*co;
	uint32_t	*ip;
	struct val	*sp, *consts;
	uint32_t	 w;
	int		 arg, npos;
	int		 slow;
	struct dict	*kwd;
	struct val	 r;

	if (++t->depth > in->recursion_limit) {
		t->depth--;
		f->back = t->frame;
		vm_raise(t, EXC(RecursionError), "maximum recursion depth exceeded");
		if (f->gen == NULL)
			frame_free(t, f);
		return val_null();
	}
	f->back = t->frame;
	t->frame = f;
	slow = in->breaker_every_insn;
	if (__atomic_load_n(&in->eval_breaker, __ATOMIC_RELAXED)) {
		if (vm_breaker(t) < 0) {
			co = f->code;
			ip = f->ip;
			sp = f->sp;
			consts = co->consts;
			goto error;
		}
	}
load_frame:
	co = f->code;
	ip = f->ip;
	sp = f->sp;
	consts = co->consts;
	if (t->exc.tag != V_NULL) {
		/* gen_throw: an exception to raise at the resume point. */
		if (sp > f->stack && sp[-1].tag == V_NULL)
			sp--;
		goto error_notb_check;
	}
	if (trace_on)
		vm_trace_co_line(t, co, co->lines[ip - co->insns]);

#define DISPATCH() do {							\
	if (__builtin_expect(slow, 0))					\
		goto slow_path;						\
	w = *ip++;							\
	arg = (int)INSN_ARG(w);						\
	goto *targets[INSN_DISPATCH(w)];				\
} while (0)
#define BREAKER_CHECK() do {						\
	if (__builtin_expect(__atomic_load_n(&in->eval_breaker,		\
	    __ATOMIC_RELAXED), 0)) {					\
		f->ip = ip;						\
		f->sp = sp;						\
		if (vm_breaker(t) < 0)					\
			goto error;					\
		slow = in->breaker_every_insn;				\
	}								\
} while (0)
#define ERROR_IF(c) do { if (__builtin_expect((c), 0)) goto error; } while (0)

	DISPATCH();

slow_path:
	if (in->breaker_every_insn)
		BREAKER_CHECK();
	if (trace_on)
		vm_trace_co_line(t, co, co->lines[ip - co->insns]);
	slow = in->breaker_every_insn;
	w = *ip++;
	arg = (int)INSN_ARG(w);
	goto *plain[INSN_DISPATCH(w)];

L_LINE:
	/* A marked instruction while tracing: the line may change here. */
	vm_trace_co_line(t, co, co->lines[ip - 1 - co->insns]);
	goto *plain[INSN_DISPATCH(w)];

L_NOP:
	DISPATCH();
L_LOAD_CONST:
	r = consts[arg];
	val_incref(r);
	PUSH(r);
	DISPATCH();
L_LOAD_FAST:
	r = LOCALS[arg];
	if (__builtin_expect(r.tag == V_NULL, 0)) {
		vm_raise(t, EXC(UnboundLocalError),
		    "cannot access local variable '%s' where it is not associated with a value",
		    co->varnames[arg]->data);
		goto error;
	}
	val_incref(r);
	PUSH(r);
	DISPATCH();
L_LOAD_FAST_LOAD_FAST:
	DISPATCH();
L_STORE_FAST:
	r = LOCALS[arg];
	LOCALS[arg] = POP();
	val_decref(r);
	DISPATCH();
L_STORE_FAST_LOAD_FAST:
	DISPATCH();
L_DELETE_FAST:
	if (LOCALS[arg].tag == V_NULL) {
		vm_raise(t, EXC(UnboundLocalError),
		    "cannot access local variable '%s' where it is not associated with a value",
		    co->varnames[arg]->data);
		goto error;
	}
	val_decref(LOCALS[arg]);
	LOCALS[arg] = val_null();
	DISPATCH();
L_LOAD_DEREF:
	{
		struct cell *c = VAL_AS(cell, LOCALS[co->nlocals + arg]);

		r = cell_getref(c);
		if (r.tag == V_NULL) {
			if (arg < co->ncells)
				vm_raise(t, EXC(UnboundLocalError),
				    "cannot access local variable '%s' where it is not associated with a value",
				    co->cellnames[arg]->data);
			else
				vm_raise(t, EXC(NameError),
				    "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
				    co->cellnames[arg]->data);
			goto error;
		}
		PUSH(r);
	}
	DISPATCH();
L_STORE_DEREF:
	{
		struct cell *c = VAL_AS(cell, LOCALS[co->nlocals + arg]);

		val_decref(cell_swap(c, POP()));
	}
	DISPATCH();
L_DELETE_DEREF:
	{
		struct cell *c = VAL_AS(cell, LOCALS[co->nlocals + arg]);

		r = cell_swap(c, val_null());
		if (r.tag == V_NULL) {
			vm_raise(t, EXC(NameError), "name '%s' is not defined",
			    co->cellnames[arg]->data);
			goto error;
		}
		val_decref(r);
	}
	DISPATCH();
L_LOAD_CLOSURE:
	PUSH(val_dup(LOCALS[co->nlocals + arg]));
	DISPATCH();
L_COPY_TO_CELL:
	{
		struct cell *c = VAL_AS(cell, LOCALS[co->nlocals + (arg >> 12)]);

		val_decref(c->v);
		c->v = val_dup(LOCALS[arg & 0xfff]);
	}
	DISPATCH();
L_LOAD_GLOBAL:
load_global:
	{
		struct gcache	*gc = &co->gcache[ip - 1 - co->insns];
		struct dict	*g = f->globals, *b = in->builtins;

		if (LANG_FT) {
			/* Free-threaded: no cache, a reference taken locked. */
			r = dict_getref_str(g, co->names[arg]);
			if (r.tag == V_NULL)
				r = dict_getref_str(b, co->names[arg]);
			if (r.tag == V_NULL) {
				vm_name_error(t, f, co->names[arg]);
				goto error;
			}
			PUSH(r);
			DISPATCH();
		}
		if (__builtin_expect(gc->idx1 != 0 && gc->gver == g->version &&
		    (!gc->inb || gc->bver == b->version), 1)) {
			r = (gc->inb ? b : g)->entries[gc->idx1 - 1].value;
			val_incref(r);
			PUSH(r);
			DISPATCH();
		}
		{
			int64_t ix = dict_index_str(g, co->names[arg]);

			if (ix >= 0) {
				gc->gver = g->version;
				gc->inb = 0;
				gc->idx1 = (int32_t)ix + 1;
			} else if ((ix = dict_index_str(b, co->names[arg])) >= 0) {
				gc->gver = g->version;
				gc->bver = b->version;
				gc->inb = 1;
				gc->idx1 = (int32_t)ix + 1;
			}
		}
	}
	r = vm_load_global(f, co->names[arg]);
	if (__builtin_expect(r.tag == V_NULL, 0)) {
		vm_name_error(t, f, co->names[arg]);
		goto error;
	}
	val_incref(r);
	PUSH(r);
	DISPATCH();
L_STORE_GLOBAL:
	r = POP();
	dict_set_str(f->globals, co->names[arg], r);
	val_decref(r);
	DISPATCH();
L_DELETE_GLOBAL:
	if (dict_del(f->globals, val_obj(co->names[arg])) <= 0) {
		vm_raise(t, EXC(NameError), "name '%s' is not defined",
		    co->names[arg]->data);
		goto error;
	}
	DISPATCH();
L_LOAD_NAME:
	if (f->locals == NULL)
		goto load_global;
	r = dict_getref_str(f->locals, co->names[arg]);
	if (r.tag == V_NULL)
		r = dict_getref_str(f->globals, co->names[arg]);
	if (r.tag == V_NULL)
		r = dict_getref_str(in->builtins, co->names[arg]);
	if (r.tag == V_NULL) {
		vm_name_error(t, f, co->names[arg]);
		goto error;
	}
	PUSH(r);
	DISPATCH();
L_STORE_NAME:
	r = POP();
	dict_set_str(f->locals ? f->locals : f->globals, co->names[arg], r);
	val_decref(r);
	DISPATCH();
L_DELETE_NAME:
	if (dict_del(f->locals ? f->locals : f->globals,
	    val_obj(co->names[arg])) <= 0) {
		vm_raise(t, EXC(NameError), "name '%s' is not defined",
		    co->names[arg]->data);
		goto error;
	}
	DISPATCH();
L_LOAD_ATTR:
	f->ip = ip;
	r = obj_getattr(t, TOP(), co->names[arg]);
	ERROR_IF(r.tag == V_NULL);
	val_decref(TOP());
	TOP() = r;
	DISPATCH();
L_STORE_ATTR:
	f->ip = ip;
	{
		struct val obj = POP(), v = POP();
		int rc = obj_setattr(t, obj, co->names[arg], v);

		val_decref(obj);
		val_decref(v);
		ERROR_IF(rc < 0);
	}
	DISPATCH();
L_DELETE_ATTR:
	f->ip = ip;
	{
		struct val obj = POP();
		int rc = obj_delattr(t, obj, co->names[arg]);

		val_decref(obj);
		ERROR_IF(rc < 0);
	}
	DISPATCH();
L_LOAD_METHOD:
	f->ip = ip;
	{
		struct val obj = POP();

		if (vm_load_method(t, obj, co->names[arg], sp) < 0)
			goto error;
		sp += 2;
	}
	DISPATCH();
L_CALL_METHOD:
	if (sp[-arg - 2].tag == V_NULL) {
		/* [NULL, callable, args...]: shift to a plain call. */
		memmove(sp - arg - 2, sp - arg - 1, sizeof *sp * (size_t)(arg + 1));
		sp--;
		goto do_call;
	}
	arg++;
	goto do_call;
L_CALL:
do_call:
	kwd = NULL;
	npos = arg;
	goto call_common;
L_CALL_KW:
	{
		struct tuple	*names = VAL_AS(tuple, POP());
		int		 nk = (int)names->len, i;

		kwd = dict_new();
		for (i = 0; i < nk; i++)
			dict_set(kwd, names->items[i], sp[-nk + i]);
		OBJ_DECREF(names);
		npos = arg - nk;
	}
call_common:
	{
		struct val	 callable = sp[-arg - 1];
		struct val	*args = sp - arg;
		int		 i;

		f->ip = ip;
		if (callable.tag == V_OBJ && callable.u.o->type->layout == L_FUNC &&
		    !(((struct func *)callable.u.o)->code->flags & CO_GENERATOR)) {
			struct func	*fn = (struct func *)callable.u.o;
			struct code	*fc = fn->code;
			struct frame	*nf;

			if (t->depth >= in->recursion_limit) {
				if (kwd != NULL)
					OBJ_DECREF(kwd);
				vm_raise(t, EXC(RecursionError),
				    "maximum recursion depth exceeded");
				goto error;
			}
			nf = frame_new(t, fc, fn, fn->globals);
			if (kwd == NULL && !(fc->flags & (CO_VARARGS | CO_VARKW)) &&
			    fc->nkwonly == 0 && arg <= fc->nargs &&
			    (arg == fc->nargs || (fn->defaults != NULL &&
			    arg >= fc->nargs - fn->defaults->len))) {
				for (i = 0; i < arg; i++)
					nf->slots[i] = args[i];
				for (i = arg; i < fc->nargs; i++)
					nf->slots[i] = val_dup(fn->defaults->items[
					    i - (fc->nargs - fn->defaults->len)]);
				sp -= arg + 1;
			} else {
				int rc = frame_bind_args(t, nf, fn, args, npos, kwd);

				if (kwd != NULL)
					OBJ_DECREF(kwd);
				if (rc < 0) {
					frame_free(t, nf);
					goto error;
				}
				for (i = 0; i < arg; i++)
					val_decref(args[i]);
				sp -= arg + 1;
			}
			f->sp = sp;
			val_decref(callable);
			nf->back = f;
			t->frame = nf;
			t->depth++;
			f = nf;
			co = fc;
			ip = co->insns;
			sp = f->sp;
			consts = co->consts;
			if (trace_on)
				vm_trace_co_line(t, co, co->lines[0]);
			BREAKER_CHECK();
			DISPATCH();
		}
		f->sp = sp;
		r = vm_call(t, callable, args, npos, kwd);
		if (kwd != NULL)
			OBJ_DECREF(kwd);
		for (i = 0; i <= arg; i++)
			val_decref(sp[-arg - 1 + i]);
		sp -= arg + 1;
		ERROR_IF(r.tag == V_NULL);
		PUSH(r);
		if (trace_on)
			vm_trace_co_line(t, co, co->lines[ip - 1 - co->insns]);
	}
	DISPATCH();
L_CALL_EX:
	f->ip = ip;
	{
		struct val	 kwv = (arg & 1) ? POP() : val_null();
		struct val	 argsv = POP(), callable = POP();
		struct tuple	*a = VAL_AS(tuple, argsv);

		f->sp = sp;
		r = vm_call(t, callable, a->items, (int)a->len,
		    kwv.tag != V_NULL ? VAL_AS(dict, kwv) : NULL);
		val_decref(kwv);
		val_decref(argsv);
		val_decref(callable);
		ERROR_IF(r.tag == V_NULL);
		PUSH(r);
	}
	DISPATCH();
L_MAKE_FUNCTION:
	{
		int npop, i;

		r = vm_make_function(f, sp, arg, &npop);
		for (i = 0; i < npop; i++)
			val_decref(POP());
		PUSH(r);
	}
	DISPATCH();
L_BINARY_SUBSCR:
	f->ip = ip;
	{
		struct val c = SECOND(), k = TOP();

		if (IS_LIST(c) && k.tag == V_INT && !LANG_FT) {
			struct list *l = VAL_AS(list, c);
			int64_t i = k.u.i;

			if (i < 0)
				i += l->len;
			if (i >= 0 && i < l->len) {
				r = val_dup(l->items[i]);
				sp--;
				val_decref(TOP());
				TOP() = r;
				DISPATCH();
			}
		}
		r = obj_getitem(t, c, k);
		ERROR_IF(r.tag == V_NULL);
		val_decref(POP());
		val_decref(TOP());
		TOP() = r;
	}
	DISPATCH();
L_STORE_SUBSCR:
	f->ip = ip;
	{
		struct val k = POP(), c = POP(), v = POP();
		int rc;

		if (IS_LIST(c) && k.tag == V_INT && !LANG_FT) {
			struct list *l = VAL_AS(list, c);
			int64_t i = k.u.i;

			if (i < 0)
				i += l->len;
			if (i >= 0 && i < l->len) {
				r = l->items[i];
				l->items[i] = v;
				val_decref(r);
				val_decref(c);
				DISPATCH();
			}
		}
		rc = obj_setitem(t, c, k, v);
		val_decref(k);
		val_decref(c);
		val_decref(v);
		ERROR_IF(rc < 0);
	}
	DISPATCH();
L_DELETE_SUBSCR:
	f->ip = ip;
	{
		struct val k = POP(), c = POP();
		int rc = obj_delitem(t, c, k);

		val_decref(k);
		val_decref(c);
		ERROR_IF(rc < 0);
	}
	DISPATCH();
L_BINARY_OP:
L_INPLACE_OP:
	{
		struct val a = SECOND(), b = TOP();

		if (a.tag == V_INT && b.tag == V_INT) {
			int64_t x;

			switch (arg) {
			case OP_ADD:
				if (!__builtin_add_overflow(a.u.i, b.u.i, &x)) {
					sp--;
					TOP().u.i = x;
					DISPATCH();
				}
				break;
			case OP_SUB:
				if (!__builtin_sub_overflow(a.u.i, b.u.i, &x)) {
					sp--;
					TOP().u.i = x;
					DISPATCH();
				}
				break;
			case OP_MUL:
				if (!__builtin_mul_overflow(a.u.i, b.u.i, &x)) {
					sp--;
					TOP().u.i = x;
					DISPATCH();
				}
				break;
			case OP_AND:
				sp--;
				TOP().u.i = a.u.i & b.u.i;
				DISPATCH();
			case OP_OR:
				sp--;
				TOP().u.i = a.u.i | b.u.i;
				DISPATCH();
			case OP_XOR:
				sp--;
				TOP().u.i = a.u.i ^ b.u.i;
				DISPATCH();
			case OP_FLOORDIV:
				if (b.u.i > 0) {
					sp--;
					x = a.u.i / b.u.i;
					if ((a.u.i % b.u.i) != 0 && a.u.i < 0)
						x--;
					TOP().u.i = x;
					DISPATCH();
				}
				break;
			case OP_MOD:
				if (b.u.i > 0) {
					sp--;
					x = a.u.i % b.u.i;
					if (x < 0)
						x += b.u.i;
					TOP().u.i = x;
					DISPATCH();
				}
				break;
			default:
				break;
			}
		} else if (a.tag == V_FLOAT && b.tag == V_FLOAT) {
			switch (arg) {
			case OP_ADD:
				sp--;
				TOP().u.f = a.u.f + b.u.f;
				DISPATCH();
			case OP_SUB:
				sp--;
				TOP().u.f = a.u.f - b.u.f;
				DISPATCH();
			case OP_MUL:
				sp--;
				TOP().u.f = a.u.f * b.u.f;
				DISPATCH();
			default:
				break;
			}
		}
		f->ip = ip;
		f->sp = sp;
		r = obj_binop(t, arg, a, b, INSN_OP(w) == OP_INPLACE_OP);
		ERROR_IF(r.tag == V_NULL);
		val_decref(POP());
		val_decref(TOP());
		TOP() = r;
	}
	DISPATCH();
L_UNARY_OP:
	f->ip = ip;
	if (arg == OP_NOT) {
		int b = obj_truth(t, TOP());

		ERROR_IF(b < 0);
		val_decref(TOP());
		TOP() = val_bool(!b);
		DISPATCH();
	}
	r = obj_unary(t, arg, TOP());
	ERROR_IF(r.tag == V_NULL);
	val_decref(TOP());
	TOP() = r;
	DISPATCH();
L_COMPARE_OP:
	{
		struct val a = SECOND(), b = TOP();

		if (a.tag == V_INT && b.tag == V_INT) {
			int res;

			switch (arg) {
			case OP_LT: res = a.u.i < b.u.i; break;
			case OP_LE: res = a.u.i <= b.u.i; break;
			case OP_EQ: res = a.u.i == b.u.i; break;
			case OP_NE: res = a.u.i != b.u.i; break;
			case OP_GT: res = a.u.i > b.u.i; break;
			default: res = a.u.i >= b.u.i; break;
			}
			sp--;
			TOP() = val_bool(res);
			DISPATCH();
		}
		f->ip = ip;
		f->sp = sp;
		r = obj_compare(t, a, b, arg);
		ERROR_IF(r.tag == V_NULL);
		val_decref(POP());
		val_decref(TOP());
		TOP() = r;
	}
	DISPATCH();
L_IS_OP:
	{
		struct val a = SECOND(), b = TOP();
		int res;

		if (a.tag != b.tag)
			res = 0;
		else if (a.tag == V_OBJ)
			res = a.u.o == b.u.o;
		else if (a.tag == V_NONE)
			res = 1;
		else
			res = a.u.i == b.u.i;
		val_decref(POP());
		val_decref(TOP());
		TOP() = val_bool(res ^ arg);
	}
	DISPATCH();
L_CONTAINS_OP:
	f->ip = ip;
	{
		int res = obj_contains(t, TOP(), SECOND());

		ERROR_IF(res < 0);
		val_decref(POP());
		val_decref(TOP());
		TOP() = val_bool(res ^ arg);
	}
	DISPATCH();
L_POP_TOP:
	r = POP();
	val_decref(r);
	DISPATCH();
L_DUP_TOP:
	r = TOP();
	val_incref(r);
	PUSH(r);
	DISPATCH();
L_DUP_TOP_TWO:
	val_incref(SECOND());
	val_incref(TOP());
	sp[0] = SECOND();
	sp[1] = TOP();
	sp += 2;
	DISPATCH();
L_ROT_TWO:
	r = TOP();
	TOP() = SECOND();
	SECOND() = r;
	DISPATCH();
L_ROT_THREE:
	r = TOP();
	TOP() = SECOND();
	SECOND() = THIRD();
	THIRD() = r;
	DISPATCH();
L_ROT_FOUR:
	r = TOP();
	TOP() = SECOND();
	SECOND() = THIRD();
	THIRD() = sp[-4];
	sp[-4] = r;
	DISPATCH();
L_JUMP:
	ip = co->insns + arg;
	DISPATCH();
L_JUMP_BACK:
	ip = co->insns + arg;
	BREAKER_CHECK();
	if (trace_on)
		vm_trace_co_line(t, co, co->lines[arg]);
	DISPATCH();
L_POP_JUMP_IF_FALSE:
	r = POP();
	if (r.tag == V_BOOL) {
		if (!r.u.i)
			ip = co->insns + arg;
		DISPATCH();
	}
	{
		int b;

		f->ip = ip;
		b = obj_truth(t, r);
		val_decref(r);
		ERROR_IF(b < 0);
		if (!b)
			ip = co->insns + arg;
	}
	DISPATCH();
L_POP_JUMP_IF_TRUE:
	r = POP();
	if (r.tag == V_BOOL) {
		if (r.u.i)
			ip = co->insns + arg;
		DISPATCH();
	}
	{
		int b;

		f->ip = ip;
		b = obj_truth(t, r);
		val_decref(r);
		ERROR_IF(b < 0);
		if (b)
			ip = co->insns + arg;
	}
	DISPATCH();
L_POP_JUMP_IF_NONE:
	DISPATCH();
L_JUMP_IF_FALSE_OR_POP:
L_JUMP_IF_TRUE_OR_POP:
	{
		int b;

		f->ip = ip;
		b = obj_truth(t, TOP());
		ERROR_IF(b < 0);
		if (b == (INSN_OP(w) == OP_JUMP_IF_TRUE_OR_POP))
			ip = co->insns + arg;
		else
			val_decref(POP());
	}
	DISPATCH();
L_GET_ITER:
	f->ip = ip;
	r = obj_iter(t, TOP());
	ERROR_IF(r.tag == V_NULL);
	val_decref(TOP());
	TOP() = r;
	DISPATCH();
L_FOR_ITER:
	{
		struct val it = TOP();
		int done = 0;

		if (it.tag == V_OBJ && it.u.o->type->layout == L_ITER) {
			struct iter *i = (struct iter *)it.u.o;

			if (i->kind == IT_RANGE) {
				if (i->n > 0 ? i->i < VAL_AS(range, i->src)->stop :
				    i->i > VAL_AS(range, i->src)->stop) {
					PUSH(val_int(i->i));
					i->i += i->n;
					DISPATCH();
				}
				val_decref(POP());
				ip = co->insns + arg;
				DISPATCH();
			}
			if (i->kind == IT_LIST && !LANG_FT) {
				struct list *l = VAL_AS(list, i->src);

				if (i->i < l->len) {
					PUSH(val_dup(l->items[i->i++]));
					DISPATCH();
				}
				val_decref(POP());
				ip = co->insns + arg;
				DISPATCH();
			}
		}
		f->ip = ip;
		f->sp = sp;
		r = obj_next(t, it, &done);
		if (done) {
			val_decref(POP());
			ip = co->insns + arg;
			DISPATCH();
		}
		ERROR_IF(r.tag == V_NULL);
		PUSH(r);
	}
	DISPATCH();
L_BUILD_LIST:
	{
		struct list *l = list_new(arg);
		int i;

		for (i = 0; i < arg; i++)
			l->items[i] = sp[-arg + i];
		l->len = arg;
		sp -= arg;
		PUSH(val_obj(l));
	}
	DISPATCH();
L_BUILD_TUPLE:
	{
		struct tuple *tu = tuple_new(arg);
		int i;

		for (i = 0; i < arg; i++)
			tu->items[i] = sp[-arg + i];
		sp -= arg;
		PUSH(val_obj(tu));
	}
	DISPATCH();
L_BUILD_SET:
	f->ip = ip;
	{
		struct set *s = set_new(0);
		int i, rc = 0;

		for (i = 0; i < arg; i++) {
			if (rc == 0 && set_add(s, sp[-arg + i]) < 0)
				rc = -1;
			val_decref(sp[-arg + i]);
		}
		sp -= arg;
		if (rc < 0) {
			OBJ_DECREF(s);
			goto error;
		}
		PUSH(val_obj(s));
	}
	DISPATCH();
L_BUILD_MAP:
	f->ip = ip;
	{
		struct dict *d = dict_new();
		int i, rc = 0;

		for (i = 0; i < arg; i++) {
			if (rc == 0 && dict_set(d, sp[-2 * arg + 2 * i],
			    sp[-2 * arg + 2 * i + 1]) < 0)
				rc = -1;
			val_decref(sp[-2 * arg + 2 * i]);
			val_decref(sp[-2 * arg + 2 * i + 1]);
		}
		sp -= 2 * arg;
		if (rc < 0) {
			OBJ_DECREF(d);
			goto error;
		}
		PUSH(val_obj(d));
	}
	DISPATCH();
L_BUILD_SLICE:
	{
		struct val st = arg == 3 ? POP() : val_none();
		struct val hi = POP(), lo = POP();

		r = slice_new(lo, hi, st);
		val_decref(lo);
		val_decref(hi);
		val_decref(st);
		PUSH(r);
	}
	DISPATCH();
L_BUILD_STRING:
	{
		struct str	*out;
		int64_t		 len = 0, nch = 0;
		int		 i, ascii = 1;

		for (i = 0; i < arg; i++) {
			struct str *s = VAL_AS(str, sp[-arg + i]);

			len += s->len;
			nch += s->nchars;
			ascii &= s->ascii;
		}
		out = str_new(NULL, (size_t)len);
		len = 0;
		for (i = 0; i < arg; i++) {
			struct str *s = VAL_AS(str, sp[-arg + i]);

			memcpy(out->data + len, s->data, (size_t)s->len);
			len += s->len;
			val_decref(sp[-arg + i]);
		}
		out->nchars = nch;
		out->ascii = ascii;
		sp -= arg;
		PUSH(val_obj(out));
	}
	DISPATCH();
L_LIST_APPEND:
	r = POP();
	list_append(VAL_AS(list, sp[-arg]), r);
	DISPATCH();
L_SET_ADD:
	f->ip = ip;
	{
		int rc;

		r = POP();
		rc = set_add(VAL_AS(set, sp[-arg]), r);
		val_decref(r);
		ERROR_IF(rc < 0);
	}
	DISPATCH();
L_MAP_ADD:
	f->ip = ip;
	{
		struct val v = POP(), k = POP();
		int rc = dict_set(VAL_AS(dict, sp[-arg]), k, v);

		val_decref(k);
		val_decref(v);
		ERROR_IF(rc < 0);
	}
	DISPATCH();
L_LIST_EXTEND:
	f->ip = ip;
	{
		struct list *src;
		int64_t i;

		r = POP();
		src = seq_to_list(t, r);
		if (src == NULL) {
			if (vm_exc_matches(t, EXC(TypeError)) && !IS_LIST(r)) {
				vm_clear_exc(t);
				vm_raise(t, EXC(TypeError),
				    "Value after * must be an iterable, not %s",
				    val_type_name(r));
			}
			val_decref(r);
			goto error;
		}
		list_extend_vals(VAL_AS(list, sp[-arg]), src->items, src->len);
		(void)i;
		OBJ_DECREF(src);
		val_decref(r);
	}
	DISPATCH();
L_SET_UPDATE:
	f->ip = ip;
	{
		struct list *src;
		int64_t i;

		r = POP();
		src = seq_to_list(t, r);
		val_decref(r);
		ERROR_IF(src == NULL);
		for (i = 0; i < src->len; i++)
			if (set_add(VAL_AS(set, sp[-arg]), src->items[i]) < 0) {
				OBJ_DECREF(src);
				goto error;
			}
		OBJ_DECREF(src);
	}
	DISPATCH();
L_DICT_UPDATE:
L_DICT_MERGE:
	f->ip = ip;
	{
		struct dict	*d = VAL_AS(dict, sp[-arg - 1]);
		int64_t		 pos = 0;
		struct val	 k, v;

		r = POP();
		if (!IS_DICT(r)) {
			if (INSN_OP(w) == OP_DICT_MERGE)
				vm_raise(t, EXC(TypeError),
				    "argument after ** must be a mapping, not %s",
				    val_type_name(r));
			else
				vm_raise(t, EXC(TypeError),
				    "'%s' object is not a mapping", val_type_name(r));
			val_decref(r);
			goto error;
		}
		while (dict_next(VAL_AS(dict, r), &pos, &k, &v)) {
			if (INSN_OP(w) == OP_DICT_MERGE &&
			    dict_get(d, k).tag != V_NULL) {
				struct val cal = sp[-arg - 2];
				char fname[300];

				if (val_is_obj(cal, L_FUNC)) {
					struct func *fn = VAL_AS(func, cal);

					if (IS_STR(fn->module) && strcmp(VAL_AS(str,
					    fn->module)->data, "builtins") != 0)
						snprintf(fname, sizeof fname, "%s.%s()",
						    VAL_AS(str, fn->module)->data,
						    fn->qualname->data);
					else
						snprintf(fname, sizeof fname, "%s()",
						    fn->qualname->data);
				} else if (val_is_obj(cal, L_CFUNC))
					snprintf(fname, sizeof fname, "%s()",
					    VAL_AS(cfunc, cal)->name);
				else
					snprintf(fname, sizeof fname, "%s object",
					    val_type_name(cal));
				vm_raise(t, EXC(TypeError),
				    "%s got multiple values for keyword argument '%s'",
				    fname, IS_STR(k) ? VAL_AS(str, k)->data : "?");
				val_decref(r);
				goto error;
			}
			dict_set(d, k, v);
		}
		val_decref(r);
	}
	DISPATCH();
L_LIST_TO_TUPLE:
	{
		struct list *l = VAL_AS(list, TOP());
		struct tuple *tu = tuple_new(l->len);
		int64_t i;

		for (i = 0; i < l->len; i++)
			tu->items[i] = val_dup(l->items[i]);
		val_decref(TOP());
		TOP() = val_obj(tu);
	}
	DISPATCH();
L_UNPACK_SEQUENCE:
	f->ip = ip;
	{
		struct val seq = POP();
		int rc = vm_unpack(t, seq, arg, 0, 0, sp);

		val_decref(seq);
		ERROR_IF(rc < 0);
		sp += arg;
	}
	DISPATCH();
L_UNPACK_EX:
	f->ip = ip;
	{
		struct val seq = POP();
		int before = arg & 0xff, after = arg >> 8;
		int rc = vm_unpack(t, seq, before, after, 1, sp);

		val_decref(seq);
		ERROR_IF(rc < 0);
		sp += before + after + 1;
	}
	DISPATCH();
L_RETURN_VALUE:
	r = POP();
	if (f->gen != NULL) {
		struct gen *g = f->gen;

		/* A generator returned: wrap in StopIteration for callers. */
		t->frame = f->back;
		t->depth--;
		g->frame = NULL;
		f->sp = sp;
		frame_free(t, f);
		return r;
	}
	if (f->entry) {
		t->frame = f->back;
		t->depth--;
		f->sp = sp;
		frame_free(t, f);
		return r;
	}
	{
		struct frame *back = f->back;

		f->sp = sp;
		frame_free(t, f);
		f = back;
		t->frame = f;
		t->depth--;
		co = f->code;
		ip = f->ip;
		sp = f->sp;
		consts = co->consts;
		PUSH(r);
		if (trace_on)
			vm_trace_co_line(t, co, co->lines[ip - 1 - co->insns]);
	}
	DISPATCH();
L_YIELD_VALUE:
	r = POP();
	f->ip = ip;
	f->sp = sp;
	t->frame = f->back;
	t->depth--;
	return r;
L_YIELD_FROM:
	/* Stack: [iter, sent]. Send into iter; on yield, repeat this insn. */
	f->ip = ip;
	{
		struct val	 sent = POP(), it = TOP();
		int		 done = 0;

		f->sp = sp;
		if (val_is_obj(it, L_GEN)) {
			if (t->exc.tag != V_NULL)
				r = gen_throw(t, VAL_AS(gen, it), t->exc, &done);
			else
				r = gen_send(t, VAL_AS(gen, it), sent, &done);
		} else if (sent.tag == V_NONE)
			r = obj_next(t, it, &done);
		else {
			struct val a = sent;

			r = obj_call_method(t, it, "send", &a, 1);
		}
		val_decref(sent);
		if (r.tag == V_NULL && !done) {
			if (vm_exc_matches(t, EXC(StopIteration))) {
				struct exc *e = VAL_AS(exc, t->exc);

				r = val_dup(e->value.tag != V_NULL ? e->value :
				    val_none());
				vm_clear_exc(t);
				done = 1;
			} else
				goto error;
		}
		if (done) {
			if (r.tag == V_NULL)
				r = val_none();
			val_decref(POP());
			PUSH(r);
			DISPATCH();
		}
		/* Yield r to our caller; resume at this instruction. */
		f->ip = ip - 1;
		f->sp = sp;
		t->frame = f->back;
		t->depth--;
		return r;
	}
L_GEN_START:
	DISPATCH();
L_RETURN_GENERATOR:
	DISPATCH();
L_GET_AWAITABLE:
	f->ip = ip;
	r = vm_get_awaitable(t, TOP());
	ERROR_IF(r.tag == V_NULL);
	val_decref(TOP());
	TOP() = r;
	DISPATCH();
L_GET_AITER:
	f->ip = ip;
	r = vm_async_dunder(t, TOP(), "__aiter__", "'async for' requires an "
	    "object with __aiter__ method, got ");
	ERROR_IF(r.tag == V_NULL);
	val_decref(TOP());
	TOP() = r;
	DISPATCH();
L_GET_ANEXT:
	f->ip = ip;
	r = vm_async_dunder(t, TOP(), "__anext__", "'async for' received an "
	    "invalid object from __aiter__: ");
	ERROR_IF(r.tag == V_NULL);
	val_decref(TOP());
	TOP() = r;
	DISPATCH();
L_END_ASYNC_FOR:
	f->ip = ip;
	{
		struct val	 e = POP();
		int		 m;

		m = vm_check_exc_match(t, e,
		    val_obj(EXC(StopAsyncIteration)));
		if (m <= 0) {
			val_decref(t->exc);
			t->exc = e;
			goto error_notb;
		}
		val_decref(e);
		{
			struct block *b = &f->blocks[--f->nblocks];

			val_decref(t->handled);
			t->handled = b->saved;
		}
		val_decref(POP());
	}
	DISPATCH();
L_BEFORE_ASYNC_WITH:
	f->ip = ip;
	{
		struct val mgr = POP(), two[2];
		int rc = vm_before_async_with(t, mgr, two);

		val_decref(mgr);
		ERROR_IF(rc < 0);
		PUSH(two[0]);
		PUSH(two[1]);
	}
	DISPATCH();
L_ASYNC_WITH_EXIT:
	f->ip = ip;
	{
		struct val exitf = POP(), a[3];

		a[0] = a[1] = a[2] = val_none();
		r = vm_call(t, exitf, a, 3, NULL);
		val_decref(exitf);
		ERROR_IF(r.tag == V_NULL);
		PUSH(r);
	}
	DISPATCH();
L_SETUP_EXCEPT:
	if (f->nblocks >= FRAME_MAX_BLOCKS) {
		vm_raise(t, EXC(SystemError), "too many nested blocks");
		goto error;
	}
	f->blocks[f->nblocks].type = B_EXCEPT;
	f->blocks[f->nblocks].handler = arg;
	f->blocks[f->nblocks].level = (int)(sp - f->stack);
	f->blocks[f->nblocks].saved = val_null();
	f->nblocks++;
	DISPATCH();
L_SETUP_WITH:
	f->ip = ip;
	{
		struct val mgr = POP(), exitf = val_null();

		r = vm_with_enter(t, mgr, &exitf);
		val_decref(mgr);
		ERROR_IF(r.tag == V_NULL);
		PUSH(exitf);
		if (f->nblocks >= FRAME_MAX_BLOCKS) {
			val_decref(r);
			vm_raise(t, EXC(SystemError), "too many nested blocks");
			goto error;
		}
		f->blocks[f->nblocks].type = B_EXCEPT;
		f->blocks[f->nblocks].handler = arg;
		f->blocks[f->nblocks].level = (int)(sp - f->stack);
		f->blocks[f->nblocks].saved = val_null();
		f->nblocks++;
		PUSH(r);
	}
	DISPATCH();
L_POP_BLOCK:
	f->nblocks--;
	DISPATCH();
L_POP_EXCEPT:
	{
		struct block *b = &f->blocks[--f->nblocks];

		val_decref(t->handled);
		t->handled = b->saved;
	}
	DISPATCH();
L_RERAISE:
	r = POP();
	val_decref(t->exc);
	t->exc = r;
	goto error_notb;
L_RAISE:
	f->ip = ip;
	if (arg == 0) {
		if (t->handled.tag == V_NULL || t->handled.tag == V_NONE) {
			vm_raise(t, EXC(RuntimeError), "No active exception to reraise");
			goto error;
		}
		val_decref(t->exc);
		t->exc = val_dup(t->handled);
		goto error;
	} else {
		struct val cause = arg == 2 ? POP() : val_null();

		r = POP();
		vm_do_raise(t, r, cause);
		val_decref(r);
		val_decref(cause);
		goto error;
	}
L_CHECK_EXC_MATCH:
	f->ip = ip;
	{
		struct val m = POP();
		int res = vm_check_exc_match(t, TOP(), m);

		val_decref(m);
		ERROR_IF(res < 0);
		val_decref(TOP());
		TOP() = val_bool(res);
	}
	DISPATCH();
L_WITH_EXIT:
	f->ip = ip;
	{
		struct val exitf = POP(), a[3];

		a[0] = a[1] = a[2] = val_none();
		r = vm_call(t, exitf, a, 3, NULL);
		val_decref(exitf);
		ERROR_IF(r.tag == V_NULL);
		val_decref(r);
	}
	DISPATCH();
L_WITH_EXCEPT:
	f->ip = ip;
	{
		struct val exitf = SECOND(), exc = TOP(), a[3];
		int b;

		a[0] = val_obj(exc.u.o->type);
		a[1] = exc;
		a[2] = val_obj(obj_alloc(TYPE(T_TRACEBACK), sizeof(struct obj)));
		r = vm_call(t, exitf, a, 3, NULL);
		val_decref(a[2]);
		ERROR_IF(r.tag == V_NULL);
		if (arg == 1) {
			/* async with: the awaitable of __aexit__. */
			PUSH(r);
			DISPATCH();
		}
		b = obj_truth(t, r);
		val_decref(r);
		ERROR_IF(b < 0);
		PUSH(val_bool(b));
	}
	DISPATCH();
L_FORMAT_VALUE:
	f->ip = ip;
	{
		struct val spec = (arg & 4) ? POP() : val_null();
		struct val v = POP();
		int conv = arg & 3;

		if (conv == 1)
			r = obj_str(t, v);
		else if (conv == 2 || conv == 3)
			r = obj_repr(t, v);
		else
			r = val_dup(v);
		val_decref(v);
		if (r.tag == V_NULL) {
			val_decref(spec);
			goto error;
		}
		if (IS_STR(r) && (spec.tag == V_NULL ||
		    VAL_AS(str, spec)->len == 0)) {
			val_decref(spec);
			PUSH(r);
			DISPATCH();
		}
		v = obj_format(t, r, spec.tag != V_NULL ? VAL_AS(str, spec) : NULL);
		val_decref(r);
		val_decref(spec);
		ERROR_IF(v.tag == V_NULL);
		PUSH(v);
	}
	DISPATCH();
L_LOAD_BUILD_CLASS:
	PUSH(val_obj(cfunc_new("__build_class__", build_class, val_null())));
	DISPATCH();
L_IMPORT_NAME:
	f->ip = ip;
	r = vm_import(t, co->names[arg]);
	ERROR_IF(r.tag == V_NULL);
	PUSH(r);
	DISPATCH();
L_IMPORT_FROM:
	f->ip = ip;
	r = vm_import_from(t, TOP(), co->names[arg]);
	ERROR_IF(r.tag == V_NULL);
	PUSH(r);
	DISPATCH();
L_IMPORT_STAR:
	{
		struct val	 mod = POP(), k, v;
		int64_t		 pos = 0;

		if (val_is_obj(mod, L_MODULE)) {
			struct dict	*d = VAL_AS(module, mod)->dict;
			struct dict	*to = f->locals ? f->locals : f->globals;
			struct val	 all = dict_get_cstr(d, "__all__");
			struct val	*names = NULL;
			int64_t		 n = 0, i;

			/* __all__ names what "import *" takes, as CPython. */
			if (IS_TUPLE(all)) {
				names = VAL_AS(tuple, all)->items;
				n = VAL_AS(tuple, all)->len;
			} else if (IS_LIST(all)) {
				names = VAL_AS(list, all)->items;
				n = VAL_AS(list, all)->len;
			}
			if (names != NULL) {
				for (i = 0; i < n; i++) {
					v = IS_STR(names[i]) ? dict_get_str(d,
					    VAL_AS(str, names[i])) : val_null();
					if (v.tag == V_NULL) {
						vm_raise(t, EXC(AttributeError),
						    "module '%s' has no attribute "
						    "'%s'", VAL_AS(module, mod)->name->data,
						    IS_STR(names[i]) ? VAL_AS(str,
						    names[i])->data : "?");
						val_decref(mod);
						goto error;
					}
					dict_set(to, names[i], v);
				}
			} else {
				while (dict_next(d, &pos, &k, &v))
					if (IS_STR(k) &&
					    VAL_AS(str, k)->data[0] != '_')
						dict_set(to, k, v);
			}
		}
		val_decref(mod);
	}
	DISPATCH();
L_LOAD_ASSERTION_ERROR:
	PUSH(val_dup(val_obj(EXC(AssertionError))));
	DISPATCH();

error:
	/* Record where the exception passed. */
	{
		int pc = (int)(ip - co->insns);

		vm_tb_add(t->exc, co, co->lines[pc > 0 ? pc - 1 : 0]);
	}
	goto error_notb;
error_notb_check:
	{
		int pc = (int)(ip - co->insns);

		vm_tb_add(t->exc, co, co->lines[pc > 0 ? pc - 1 : 0]);
	}
error_notb:
	while (f->nblocks > 0) {
		struct block *b = &f->blocks[--f->nblocks];

		if (b->type == B_HANDLER) {
			val_decref(t->handled);
			t->handled = b->saved;
			continue;
		}
		while (sp > f->stack + b->level)
			val_decref(POP());
		/* Enter the handler. */
		b->type = B_HANDLER;
		b->saved = t->handled;
		t->handled = val_dup(t->exc);
		f->nblocks++;
		PUSH(t->exc);
		t->exc = val_null();
		ip = co->insns + b->handler;
		DISPATCH();
	}
	/* No handler here: leave the frame. */
	while (sp > f->stack)
		val_decref(POP());
	f->sp = sp;
	if (f->entry || f->gen != NULL) {
		t->frame = f->back;
		t->depth--;
		if (f->gen != NULL)
			f->gen->frame = NULL;
		frame_free(t, f);
		return val_null();
	}
	{
		struct frame *back = f->back;

		frame_free(t, f);
		f = back;
		t->frame = f;
		t->depth--;
		co = f->code;
		ip = f->ip;
		sp = f->sp;
		consts = co->consts;
		/* The call instruction's arguments are already popped. */
		goto error;
	}
	(void)&&load_frame;
	goto load_frame;
}

/*
 * Run frame f (see vm_eval_loop). When it returns or yields into a caller
 * that is running Python code, the caller's line is current again: a LINE
 * event, a blocking call or output that follows belongs to it.
 */
struct val
vm_eval(struct vm_thread *t, struct frame *f)
{
	int64_t		line = t->last_line;
	struct val	r = vm_eval_loop(t, f);

	if (trace_on && line >= 0)
		vm_trace_line(t, (int)line);
	return r;
}

/* ---- threads and interpreter -------------------------------------------- */

/* A new thread state for an interpreter (not yet attached). */
struct vm_thread *
vm_thread_create(struct interp *in)
{
	struct vm_thread *t = xcalloc(1, sizeof *t);

	t->interp = in;
	t->last_line = t->line_sent = -1;
	obj_lock(&in->threads);		/* the registry: its own stripe */
	t->next = in->threads;
	in->threads = t;
	obj_unlock(&in->threads);
	return t;
}

/* Free a thread state (its frame freelist included). */
void
vm_thread_free(struct vm_thread *t)
{
	struct vm_thread	**pp;
	int			  i;

	if (t == NULL)
		return;
	obj_lock(&t->interp->threads);
	for (pp = &t->interp->threads; *pp != NULL; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	obj_unlock(&t->interp->threads);
	val_decref(t->exc);
	val_decref(t->handled);
	for (i = 0; i < 16; i++) {
		struct frame *f, *n;

		for (f = t->free_frames[i]; f != NULL; f = n) {
			n = f->back;
			free(f);
		}
	}
	free(t);
}

/* Make t the calling OS thread's current thread state. */
void
vm_thread_attach(struct vm_thread *t)
{
	vm_cur = t;
	if (t->interp->hooks.thread_start != NULL)
		t->interp->hooks.thread_start(t);
}

/* The calling OS thread stops running Python code. */
void
vm_thread_detach(struct vm_thread *t)
{
	if (t->interp->hooks.thread_end != NULL)
		t->interp->hooks.thread_end(t);
	if (vm_cur == t)
		vm_cur = NULL;
}

/* Register a source file for tracebacks. */
static void
vm_add_source(struct interp *in, const char *path, const char *text, size_t len)
{
	struct vm_source *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	s->text = xstrndup(text, len);
	s->next = in->sources;
	in->sources = s;
}

/* Run a file as __main__; returns the exit status. */
int
vm_run_main(struct interp *in, const char *path, const char *text, size_t len,
    FILE *err)
{
	struct vm_thread	*t = in->main_thread;
	struct lang_error	 le;
	struct code		*co;
	struct frame		*f;
	struct val		 r;
	int			 status = 0;

	vm_add_source(in, path, text, len);
	co = compile_module(text, len, path, &le);
	if (co == NULL) {
		char *msg = compile_error_format(path, text, len, &le);

		fputs(msg, err);
		free(msg);
		return 1;
	}
	dict_set_cstr(in->main_globals, "__file__", val_obj(str_cstr(path)));
	f = frame_new(t, co, NULL, in->main_globals);
	OBJ_DECREF(co);
	f->entry = 1;
	r = vm_eval(t, f);
	if (r.tag == V_NULL) {
		struct val exc = t->exc;

		t->exc = val_null();
		if (val_is_obj(exc, L_EXC) &&
		    type_is_subtype(exc.u.o->type, in->exc[E_SystemExit])) {
			struct val code = VAL_AS(exc, exc)->value;

			if (code.tag == V_NONE || code.tag == V_NULL)
				status = 0;
			else if (code.tag == V_INT || code.tag == V_BOOL)
				status = (int)(code.u.i & 0xff);
			else {
				struct val s = obj_str(t, code);

				fflush(stdout);
				if (s.tag != V_NULL) {
					fprintf(err, "%s\n", VAL_AS(str, s)->data);
					val_decref(s);
				} else
					vm_clear_exc(t);
				status = 1;
			}
		} else {
			if (trace_on) {
				struct val s = exc_str(t, VAL_AS(exc, exc));
				char *m = xasprintf("%s: %s", exc.u.o->type->name,
				    s.tag != V_NULL ? VAL_AS(str, s)->data : "");

				trace_emit_str(TRACE_EV_EXCEPTION, t->trace_id, 0,
				    0, 0, m, strlen(m));
				free(m);
				val_decref(s);
				vm_clear_exc(t);
			}
			vm_print_exception(t, exc, err);
			status = 1;
			/* Ctrl-C: the caller dies of SIGINT, as CPython 3.8+. */
			if (type_is_subtype(exc.u.o->type,
			    in->exc[E_KeyboardInterrupt]))
				status = VM_EXIT_INTERRUPTED;
		}
		val_decref(exc);
	} else
		val_decref(r);
	fflush(stdout);
	return status;
}
