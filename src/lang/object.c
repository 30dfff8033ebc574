/*
 * object.c — the object model: allocation and teardown, types and classes,
 * attribute lookup with descriptors, and the generic protocols (repr, str,
 * hash, equality, comparison, arithmetic, iteration, items, calls of types).
 *
 * It must not touch frames or dispatch bytecode (vm.c does); container and
 * text specifics live in containers.c and str.c.
 *
 * Free-threaded mode (--gil=none, lang_ft set): this file also owns the
 * per-object lock stripes and the allocator's lock. The object list is one
 * doubly-linked list guarded by one leaf mutex (lang_alloc_mu) held for the
 * four pointer writes of a link or an unlink: per-thread lists would need a
 * lock anyway, because an object is often freed by another thread than the
 * one that allocated it, and the critical section is a few nanoseconds
 * beside the malloc/free it accompanies. The stripes are LANG_STRIPES
 * mutexes on their own cache lines, picked by a hash of the object's
 * address; a thread holds at most one (the thread-local lang_held checks
 * it), so two stripes are never nested and no deadlock is possible. With a
 * GIL (modern, legacy) none of these locks is ever taken.
 */
#include "config.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"

/* ---- free-threaded locks ----------------------------------------------- */

#define LANG_STRIPES	1024

/* Read by every refcount update: alone on its cache line (no false sharing). */
int	lang_ft __attribute__((aligned(64)));

/* One stripe: a mutex alone on its cache line. */
struct lang_stripe {
	pthread_mutex_t	mu;
	char		pad[64 - sizeof(pthread_mutex_t) % 64];
};

static struct lang_stripe	lang_stripes[LANG_STRIPES]
				    __attribute__((aligned(64)));
static struct lang_stripe	lang_alloc_stripe __attribute__((aligned(64))) = {
	.mu = PTHREAD_MUTEX_INITIALIZER
};
#define lang_alloc_mu	(lang_alloc_stripe.mu)

/* The stripe the calling thread holds, or NULL (debug check of nesting). */
static __thread const struct lang_stripe *lang_held;

/*
 * Turn on the free-threaded mode. Must be called while the calling thread
 * is the only one running Python code (before any threading.Thread starts).
 */
void
lang_ft_enable(void)
{
	int i;

	if (lang_ft)
		return;
	for (i = 0; i < LANG_STRIPES; i++)
		pthread_mutex_init(&lang_stripes[i].mu, NULL);
	lang_ft = 1;
}

/* The stripe of an address (Fibonacci hashing of the pointer). */
static struct lang_stripe *
lang_stripe_of(const void *o)
{
	uint64_t h = ((uint64_t)(uintptr_t)o >> 4) * 0x9e3779b97f4a7c15ULL;

	return &lang_stripes[h >> (64 - 10)];
}

/* Take o's stripe; the calling thread must hold no other. */
void
lang_stripe_lock(const void *o)
{
	struct lang_stripe *s = lang_stripe_of(o);

	assert(lang_held == NULL && "nested per-object locks");
	pthread_mutex_lock(&s->mu);
	lang_held = s;
}

/* Release o's stripe. */
void
lang_stripe_unlock(const void *o)
{
	struct lang_stripe *s = lang_stripe_of(o);

	assert(lang_held == s && "unlocking a stripe not held");
	lang_held = NULL;
	pthread_mutex_unlock(&s->mu);
}

/* ---- allocation --------------------------------------------------------- */

/* Link o into the interpreter's object list. */
static void
obj_link(struct interp *in, struct obj *o)
{
	if (LANG_FT)
		pthread_mutex_lock(&lang_alloc_mu);
	o->next = in->objects.next;
	o->prev = &in->objects;
	in->objects.next->prev = o;
	in->objects.next = o;
	if (LANG_FT)
		pthread_mutex_unlock(&lang_alloc_mu);
}

/* Unlink o from the object list. */
static void
obj_unlink(struct obj *o)
{
	if (LANG_FT)
		pthread_mutex_lock(&lang_alloc_mu);
	o->prev->next = o->next;
	o->next->prev = o->prev;
	if (LANG_FT)
		pthread_mutex_unlock(&lang_alloc_mu);
}

/* Allocate a zeroed object of a type, linked into the interpreter. */
void *
obj_alloc(struct type *tp, size_t size)
{
	struct obj	*o = xcalloc(1, size);

	o->rc = 1;
	o->type = tp;
	if (tp != NULL)
		OBJ_INCREF(tp);
	obj_link(INTERP, o);
	return o;
}

/* Drop the references an object holds (used by dealloc and teardown). */
static void
obj_clear(struct obj *o)
{
	int64_t i;

	switch (o->type->layout) {
	case L_TYPE:
		{
			struct type *tp = (struct type *)o;

			OBJ_XDECREF(tp->base);
			OBJ_XDECREF(tp->bases);
			OBJ_XDECREF(tp->mro);
			OBJ_XDECREF(tp->dict);
			tp->base = NULL;
			tp->bases = tp->mro = NULL;
			tp->dict = NULL;
		}
		break;
	case L_LIST:
		{
			struct list	*l = (struct list *)o;
			struct val	*items = l->items;
			int64_t		 n = l->len;

			l->items = NULL;
			l->len = l->cap = 0;
			for (i = 0; i < n; i++)
				val_decref(items[i]);
			free(items);
		}
		break;
	case L_TUPLE:
		{
			struct tuple *tu = (struct tuple *)o;

			for (i = 0; i < tu->len; i++) {
				struct val v = tu->items[i];

				tu->items[i] = val_none();
				val_decref(v);
			}
		}
		break;
	case L_DICT:
		{
			struct dict		*d = (struct dict *)o;
			struct dict_entry	*e = d->entries;
			int64_t			 n = d->nentries;

			d->entries = NULL;
			d->len = d->nentries = d->cap = 0;
			free(d->index);
			d->index = NULL;
			d->mask = -1;
			for (i = 0; i < n; i++) {
				val_decref(e[i].key);
				val_decref(e[i].value);
			}
			free(e);
		}
		break;
	case L_SETO:
		{
			struct set		*s = (struct set *)o;
			struct set_entry	*e = s->table;
			int64_t			 n = s->mask + 1;

			s->table = NULL;
			s->len = s->fill = 0;
			s->mask = -1;
			for (i = 0; i < n; i++)
				if (e[i].used == 1)
					val_decref(e[i].key);
			free(e);
		}
		break;
	case L_SLICE:
		{
			struct slice *s = (struct slice *)o;

			val_decref(s->start);
			val_decref(s->stop);
			val_decref(s->step);
			s->start = s->stop = s->step = val_none();
		}
		break;
	case L_CELL:
		{
			struct cell *c = (struct cell *)o;
			struct val v = c->v;

			c->v = val_null();
			val_decref(v);
		}
		break;
	case L_FUNC:
		{
			struct func *f = (struct func *)o;

			OBJ_XDECREF(f->code);
			OBJ_XDECREF(f->globals);
			OBJ_XDECREF(f->defaults);
			OBJ_XDECREF(f->kwdefaults);
			OBJ_XDECREF(f->closure);
			OBJ_XDECREF(f->name);
			OBJ_XDECREF(f->qualname);
			OBJ_XDECREF(f->dict);
			val_decref(f->doc);
			val_decref(f->module);
			f->code = NULL;
			f->globals = NULL;
			f->defaults = NULL;
			f->kwdefaults = NULL;
			f->closure = NULL;
			f->name = f->qualname = NULL;
			f->dict = NULL;
			f->doc = f->module = val_null();
		}
		break;
	case L_CFUNC:
		{
			struct cfunc *c = (struct cfunc *)o;

			val_decref(c->self);
			c->self = val_null();
		}
		break;
	case L_METHOD:
		{
			struct method *m = (struct method *)o;

			val_decref(m->func);
			val_decref(m->self);
			m->func = m->self = val_null();
		}
		break;
	case L_CODE:
		{
			struct code *c = (struct code *)o;

			for (i = 0; i < c->nconsts; i++)
				val_decref(c->consts[i]);
			for (i = 0; i < c->nnames; i++)
				OBJ_DECREF(c->names[i]);
			for (i = 0; i < c->nlocals; i++)
				OBJ_DECREF(c->varnames[i]);
			for (i = 0; i < c->ncells + c->nfree; i++)
				OBJ_DECREF(c->cellnames[i]);
			c->nconsts = c->nnames = c->nlocals = 0;
			c->ncells = c->nfree = 0;
			OBJ_XDECREF(c->name);
			OBJ_XDECREF(c->qualname);
			OBJ_XDECREF(c->filename);
			c->name = c->qualname = c->filename = NULL;
		}
		break;
	case L_GEN:
		{
			struct gen *g = (struct gen *)o;
			struct frame *f = g->frame;

			g->frame = NULL;
			if (f != NULL)
				frame_free(vm_cur, f);
			OBJ_XDECREF(g->name);
			OBJ_XDECREF(g->qualname);
			g->name = g->qualname = NULL;
		}
		break;
	case L_MODULE:
		{
			struct module *m = (struct module *)o;

			OBJ_XDECREF(m->name);
			OBJ_XDECREF(m->dict);
			m->name = NULL;
			m->dict = NULL;
		}
		break;
	case L_INST:
		{
			struct instance *in = (struct instance *)o;
			struct dict *d = in->dict;

			in->dict = NULL;
			OBJ_XDECREF(d);
		}
		break;
	case L_EXC:
		{
			struct exc *e = (struct exc *)o;

			OBJ_XDECREF(e->dict);
			OBJ_XDECREF(e->args);
			e->dict = NULL;
			e->args = NULL;
			val_decref(e->cause);
			val_decref(e->context);
			val_decref(e->value);
			val_decref(e->suggestion);
			e->cause = e->context = e->value = val_null();
			e->suggestion = val_null();
			for (i = 0; i < e->ntb; i++)
				OBJ_DECREF(e->tb[i].code);
			e->ntb = 0;
		}
		break;
	case L_PROPERTY:
		{
			struct property *p = (struct property *)o;

			val_decref(p->fget);
			val_decref(p->fset);
			val_decref(p->fdel);
			val_decref(p->doc);
			p->fget = p->fset = p->fdel = p->doc = val_null();
		}
		break;
	case L_STATICM: case L_CLASSM:
		{
			struct wrapper *w = (struct wrapper *)o;

			val_decref(w->fn);
			w->fn = val_null();
		}
		break;
	case L_SUPER:
		{
			struct super *s = (struct super *)o;

			OBJ_XDECREF(s->type);
			s->type = NULL;
			val_decref(s->self);
			s->self = val_null();
		}
		break;
	case L_ITER:
		{
			struct iter *it = (struct iter *)o;

			val_decref(it->src);
			val_decref(it->fn);
			OBJ_XDECREF(it->its);
			it->src = it->fn = val_null();
			it->its = NULL;
		}
		break;
	case L_OPAQUE:
		break;
	default:
		if (IS_DICTVIEW_T(o->type)) {
			struct dictview *v = (struct dictview *)o;

			OBJ_XDECREF(v->d);
			v->d = NULL;
		}
		break;
	}
}

/* Free the memory an object owns besides references. */
static void
obj_release(struct obj *o)
{
	switch (o->type->layout) {
	case L_TYPE:
		free(((struct type *)o)->name);
		break;
	case L_CODE:
		{
			struct code *c = (struct code *)o;

			free(c->insns);
			free(c->lines);
			free(c->gcache);
			free(c->consts);
			free(c->names);
			free(c->varnames);
			free(c->cellnames);
		}
		break;
	case L_EXC:
		free(((struct exc *)o)->tb);
		break;
	default:
		break;
	}
}

/* Called when the refcount reaches zero. */
void
obj_dealloc(struct obj *o)
{
	struct type *tp = o->type;

	o->rc = 1;	/* guard against resurrection during clear */
	obj_clear(o);
	obj_release(o);
	obj_unlink(o);
	free(o);
	if (tp != NULL)
		OBJ_DECREF(tp);
}

/* Free every object of an interpreter, cycles included. */
void
obj_free_all(struct interp *in)
{
	struct obj *o, *n;

	for (o = in->objects.next; o != &in->objects; o = o->next)
		o->rc++;
	for (o = in->objects.next; o != &in->objects; o = o->next)
		obj_clear(o);
	for (o = in->objects.next; o != &in->objects; o = n) {
		n = o->next;
		obj_release(o);
		free(o);
	}
	in->objects.next = in->objects.prev = &in->objects;
}

/* ---- types -------------------------------------------------------------- */

/* The type of any value. */
struct type *
val_type(struct val v)
{
	switch (v.tag) {
	case V_NONE: return TYPE(T_NONETYPE);
	case V_BOOL: return TYPE(T_BOOL);
	case V_INT: return TYPE(T_INT);
	case V_FLOAT: return TYPE(T_FLOAT);
	case V_OBJ: return v.u.o->type;
	default: return TYPE(T_NONETYPE);
	}
}

const char *
val_type_name(struct val v)
{
	return val_type(v)->name;
}

/* Is a a subtype of b? */
int
type_is_subtype(struct type *a, struct type *b)
{
	int64_t i;

	if (a == b)
		return 1;
	if (a->mro != NULL) {
		for (i = 0; i < a->mro->len; i++)
			if (VAL_AS(type, a->mro->items[i]) == b)
				return 1;
		return 0;
	}
	for (a = a->base; a != NULL; a = a->base)
		if (a == b)
			return 1;
	return 0;
}

int
obj_isinstance(struct val v, struct type *tp)
{
	return type_is_subtype(val_type(v), tp);
}

/*
 * Free-threaded type_lookup: the value is read with a reference taken under
 * its dict's stripe, and the reference is parked in a small per-thread
 * ring, so the "borrowed" result stays valid while another thread rebinds
 * or deletes the class attribute, until this thread has made
 * TYPE_HELD more lookups (callers use the result at once, as they must
 * with the GIL too: Python code run meanwhile may rebind it).
 */
#define TYPE_HELD	32
static __thread struct val	type_held[TYPE_HELD];
static __thread unsigned	type_nheld;

static struct val
type_lookup_held(struct type *tp, struct str *name)
{
	struct val	v = val_null(), old;
	int64_t		i;

	if (tp->mro == NULL) {
		for (; tp != NULL && v.tag == V_NULL; tp = tp->base)
			if (tp->dict != NULL)
				v = dict_getref_str(tp->dict, name);
	} else {
		for (i = 0; i < tp->mro->len && v.tag == V_NULL; i++) {
			struct type *b = VAL_AS(type, tp->mro->items[i]);

			if (b->dict != NULL)
				v = dict_getref_str(b->dict, name);
		}
	}
	if (v.tag != V_OBJ)
		return v;
	old = type_held[type_nheld % TYPE_HELD];
	type_held[type_nheld++ % TYPE_HELD] = v;
	val_decref(old);
	return v;
}

/* Look a name up along a type's MRO (borrowed result). */
struct val
type_lookup(struct type *tp, struct str *name)
{
	int64_t		i;
	struct val	v;

	if (LANG_FT)
		return type_lookup_held(tp, name);
	if (tp->mro == NULL) {
		for (; tp != NULL; tp = tp->base) {
			if (tp->dict == NULL)
				continue;
			v = dict_get_str(tp->dict, name);
			if (v.tag != V_NULL)
				return v;
		}
		return val_null();
	}
	for (i = 0; i < tp->mro->len; i++) {
		struct type *b = VAL_AS(type, tp->mro->items[i]);

		if (b->dict == NULL)
			continue;
		v = dict_get_str(b->dict, name);
		if (v.tag != V_NULL)
			return v;
	}
	return val_null();
}

struct val
type_lookup_cstr(struct type *tp, const char *name)
{
	return type_lookup(tp, str_intern(name));
}

/* Compute a linear MRO (C3 for multiple bases). */
static struct tuple *
type_compute_mro(struct vm_thread *t, struct type *tp)
{
	struct list	*out = list_new(0);
	struct list	*seqs[32];
	int		 nseq = 0, i;
	struct tuple	*res;
	int64_t		 j;

	list_append(out, val_dup(val_obj(tp)));
	if (tp->bases == NULL || tp->bases->len == 0)
		goto done;
	if (tp->bases->len > 30) {
		OBJ_DECREF(out);
		vm_raise(t, EXC(TypeError), "too many base classes");
		return NULL;
	}
	for (j = 0; j < tp->bases->len; j++) {
		struct type *b = VAL_AS(type, tp->bases->items[j]);
		struct list *l = list_new(0);
		int64_t k;

		for (k = 0; b->mro != NULL && k < b->mro->len; k++)
			list_append(l, val_dup(b->mro->items[k]));
		seqs[nseq++] = l;
	}
	{
		struct list *l = list_new(0);

		for (j = 0; j < tp->bases->len; j++)
			list_append(l, val_dup(tp->bases->items[j]));
		seqs[nseq++] = l;
	}
	for (;;) {
		struct obj *cand = NULL;
		int empty = 1;

		for (i = 0; i < nseq; i++) {
			int ok = 1, k2;

			if (seqs[i]->len == 0)
				continue;
			empty = 0;
			cand = seqs[i]->items[0].u.o;
			for (k2 = 0; k2 < nseq && ok; k2++) {
				int64_t m;

				for (m = 1; m < seqs[k2]->len; m++)
					if (seqs[k2]->items[m].u.o == cand) {
						ok = 0;
						break;
					}
			}
			if (ok)
				break;
			cand = NULL;
		}
		if (empty)
			break;
		if (cand == NULL) {
			for (i = 0; i < nseq; i++)
				OBJ_DECREF(seqs[i]);
			OBJ_DECREF(out);
			vm_raise(t, EXC(TypeError),
			    "Cannot create a consistent method resolution order (MRO) for bases");
			return NULL;
		}
		list_append(out, val_dup(val_obj(cand)));
		for (i = 0; i < nseq; i++) {
			if (seqs[i]->len > 0 && seqs[i]->items[0].u.o == cand) {
				val_decref(seqs[i]->items[0]);
				memmove(seqs[i]->items, seqs[i]->items + 1,
				    sizeof(struct val) * (size_t)(seqs[i]->len - 1));
				seqs[i]->len--;
			}
		}
	}
	for (i = 0; i < nseq; i++)
		OBJ_DECREF(seqs[i]);
done:
	res = tuple_new(out->len);
	for (j = 0; j < out->len; j++)
		res->items[j] = val_dup(out->items[j]);
	OBJ_DECREF(out);
	return res;
}

/* Create a builtin type. */
struct type *
type_new_builtin(struct interp *in, const char *name, struct type *base,
    int layout)
{
	struct type *tp;

	(void)in;
	tp = obj_alloc(TYPE(T_TYPE), sizeof *tp);
	tp->name = xstrdup(name);
	tp->base = base;
	if (base != NULL)
		OBJ_INCREF(base);
	tp->layout = layout;
	if (TYPE(T_DICT) != NULL)
		tp->dict = dict_new();
	return tp;
}

/* Finish a builtin type: bases and MRO from its base chain. */
static void
type_finish(struct type *tp)
{
	struct type	*b;
	int		 n = 0, i;

	for (b = tp; b != NULL; b = b->base)
		n++;
	tp->mro = tuple_new(n);
	for (b = tp, i = 0; b != NULL; b = b->base, i++)
		tp->mro->items[i] = val_dup(val_obj(b));
	tp->bases = tuple_new(tp->base ? 1 : 0);
	if (tp->base)
		tp->bases->items[0] = val_dup(val_obj(tp->base));
}

/* Add a method implemented in C to a type. */
void
type_add_method(struct type *tp, const char *name, cfunc_fn fn)
{
	struct cfunc *c = cfunc_new(name, fn, val_null());

	c->is_method = 1;
	c->owner = tp;
	dict_set_cstr(tp->dict, name, val_obj(c));
}

/* Create all builtin types and exception classes. */
void
types_init(struct interp *in)
{
	static const struct { int id; const char *name; int layout; } tab[] = {
		{ T_NONETYPE, "NoneType", L_OPAQUE },
		{ T_INT, "int", L_OPAQUE },
		{ T_BOOL, "bool", L_OPAQUE },
		{ T_FLOAT, "float", L_OPAQUE },
		{ T_STR, "str", L_STR },
		{ T_BYTES, "bytes", L_BYTES },
		{ T_LIST, "list", L_LIST },
		{ T_TUPLE, "tuple", L_TUPLE },
		{ T_DICT, "dict", L_DICT },
		{ T_SET, "set", L_SETO },
		{ T_FROZENSET, "frozenset", L_SETO },
		{ T_RANGE, "range", L_RANGE },
		{ T_SLICE, "slice", L_SLICE },
		{ T_FUNCTION, "function", L_FUNC },
		{ T_BUILTIN, "builtin_function_or_method", L_CFUNC },
		{ T_METHOD, "method", L_METHOD },
		{ T_CELL, "cell", L_CELL },
		{ T_CODE, "code", L_CODE },
		{ T_GENERATOR, "generator", L_GEN },
		{ T_COROUTINE, "coroutine", L_GEN },
		{ T_MODULE, "module", L_MODULE },
		{ T_ITERATOR, "iterator", L_ITER },
		{ T_DICTVIEW, "dict_keys", L_OPAQUE },
		{ T_DICTVALUES, "dict_values", L_OPAQUE },
		{ T_DICTITEMS, "dict_items", L_OPAQUE },
		{ T_TRACEBACK, "traceback", L_OPAQUE },
		{ T_PROPERTY, "property", L_PROPERTY },
		{ T_STATICMETHOD, "staticmethod", L_STATICM },
		{ T_CLASSMETHOD, "classmethod", L_CLASSM },
		{ T_SUPER, "super", L_SUPER },
		{ T_NOTIMPLTYPE, "NotImplementedType", L_OPAQUE },
		{ T_ELLIPSISTYPE, "ellipsis", L_OPAQUE },
		{ T_ENUMERATE, "enumerate", L_ITER },
		{ T_ZIP, "zip", L_ITER },
		{ T_MAP, "map", L_ITER },
		{ T_FILTER, "filter", L_ITER },
		{ T_REVERSED, "reversed", L_ITER },
		{ T_OPAQUE, "object", L_OPAQUE },
	};
	static const struct { const char *name; int base; } exctab[] = {
#define X(n, b) { #n, E_##b },
		EXC_TYPES(X)
#undef X
	};
	struct type	*tt, *to;
	size_t		 i;

	/* type and object first: type's type is itself. */
	tt = xcalloc(1, sizeof *tt);
	tt->hdr.rc = 1;
	tt->hdr.next = in->objects.next;
	tt->hdr.prev = &in->objects;
	in->objects.next->prev = &tt->hdr;
	in->objects.next = &tt->hdr;
	tt->hdr.type = tt;
	tt->hdr.rc++;
	tt->name = xstrdup("type");
	tt->layout = L_TYPE;
	in->types[T_TYPE] = tt;
	to = obj_alloc(tt, sizeof *to);
	to->name = xstrdup("object");
	to->layout = L_INST;
	in->types[T_OBJECT] = to;
	tt->base = to;
	OBJ_INCREF(to);
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		in->types[tab[i].id] = type_new_builtin(in, tab[i].name,
		    tab[i].id == T_BOOL ? in->types[T_INT] : to, tab[i].layout);
	to->dict = dict_new();
	tt->dict = dict_new();
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (in->types[tab[i].id]->dict == NULL)
			in->types[tab[i].id]->dict = dict_new();
	in->types[T_BOOL]->flags |= TF_FINAL;
	in->types[T_OPAQUE]->name[0] = 'o';
	type_finish(to);
	type_finish(tt);
	type_finish(in->types[T_INT]);
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (in->types[tab[i].id]->mro == NULL)
			type_finish(in->types[tab[i].id]);
	for (i = 0; i < sizeof exctab / sizeof exctab[0]; i++) {
		struct type *base = i == 0 ? to : in->exc[exctab[i].base];

		in->exc[i] = type_new_builtin(in, exctab[i].name, base, L_EXC);
		in->exc[i]->flags |= TF_EXC;
		type_finish(in->exc[i]);
	}
}

/* ---- construction helpers ----------------------------------------------- */

struct cell *
cell_new(struct val v)
{
	struct cell *c = obj_alloc(TYPE(T_CELL), sizeof *c);

	c->v = v;
	return c;
}

struct func *
func_new(struct code *co, struct dict *globals)
{
	struct func *f = obj_alloc(TYPE(T_FUNCTION), sizeof *f);

	f->code = co;
	OBJ_INCREF(co);
	f->globals = globals;
	OBJ_INCREF(globals);
	f->name = co->name;
	OBJ_INCREF(f->name);
	f->qualname = co->qualname;
	OBJ_INCREF(f->qualname);
	f->doc = val_none();
	f->module = val_none();
	return f;
}

struct cfunc *
cfunc_new(const char *name, cfunc_fn fn, struct val self)
{
	struct cfunc *c = obj_alloc(TYPE(T_BUILTIN), sizeof *c);

	c->name = name;
	c->fn = fn;
	c->self = val_dup(self);
	return c;
}

struct module *
module_new(const char *name)
{
	struct module *m = obj_alloc(TYPE(T_MODULE), sizeof *m);

	m->name = str_cstr(name);
	m->dict = dict_new();
	dict_set_cstr(m->dict, "__name__", val_obj(str_cstr(name)));
	return m;
}

/* Add a C function to a module. */
void
module_add_func(struct module *m, const char *name, cfunc_fn fn)
{
	dict_set_cstr(m->dict, name, val_obj(cfunc_new(name, fn, val_null())));
}

struct val
method_new(struct val func, struct val self)
{
	struct method *m = obj_alloc(TYPE(T_METHOD), sizeof *m);

	m->func = val_dup(func);
	m->self = val_dup(self);
	return val_obj(m);
}

struct gen *
gen_new(struct frame *f, struct func *fn)
{
	struct gen *g = obj_alloc(TYPE((fn->code->flags & CO_COROUTINE) ?
	    T_COROUTINE : T_GENERATOR), sizeof *g);

	g->frame = f;
	f->gen = g;
	g->name = fn->name;
	OBJ_INCREF(g->name);
	g->qualname = fn->qualname;
	OBJ_INCREF(g->qualname);
	return g;
}

/* A new exception instance of type tp with args. */
struct val
exc_new(struct type *tp, struct val *args, int nargs)
{
	struct exc	*e = obj_alloc(tp, sizeof *e);
	int		 i;

	e->args = tuple_new(nargs);
	for (i = 0; i < nargs; i++)
		e->args->items[i] = val_dup(args[i]);
	e->cause = val_none();
	e->context = val_none();
	e->value = nargs > 0 ? val_dup(args[0]) : val_none();
	return val_obj(e);
}

/* ---- errors helpers ----------------------------------------------------- */

/* str() of an exception: its args. */
struct val
exc_str(struct vm_thread *t, struct exc *e)
{
	struct val m = type_lookup_cstr(e->hdr.type, "__str__");

	if (m.tag == V_OBJ && m.u.o->type->layout == L_FUNC) {
		struct val self = val_obj(e);
		struct val r = vm_call(t, m, &self, 1, NULL);

		if (r.tag != V_NULL && !IS_STR(r)) {
			val_decref(r);
			return vm_raise(t, EXC(TypeError),
			    "__str__ returned non-string");
		}
		return r;
	}
	if (e->args == NULL || e->args->len == 0)
		return val_obj(str_new("", 0));
	if (e->args->len == 1) {
		if (type_is_subtype(e->hdr.type, EXC(KeyError)))
			return obj_repr(t, e->args->items[0]);
		return obj_str(t, e->args->items[0]);
	}
	return obj_repr(t, val_obj(e->args));
}

struct val
vm_type_error_unsupported(struct vm_thread *t, const char *op, struct val a,
    struct val b)
{
	return vm_raise(t, EXC(TypeError),
	    "unsupported operand type(s) for %s: '%s' and '%s'", op,
	    val_type_name(a), val_type_name(b));
}

/* Call a method by name on an object. */
struct val
obj_call_method(struct vm_thread *t, struct val self, const char *name,
    struct val *args, int nargs)
{
	struct val m = obj_getattr(t, self, str_intern(name)), r;

	if (m.tag == V_NULL)
		return m;
	r = vm_call(t, m, args, nargs, NULL);
	val_decref(m);
	return r;
}

/* Call a dunder found on the type of self, with self first. */
static struct val
obj_call_dunder(struct vm_thread *t, struct val fn, struct val self,
    struct val *args, int nargs)
{
	struct val a[4];
	int i;

	a[0] = self;
	for (i = 0; i < nargs && i < 3; i++)
		a[i + 1] = args[i];
	if (fn.tag == V_OBJ && fn.u.o->type->layout == L_STATICM)
		return vm_call(t, ((struct wrapper *)fn.u.o)->fn, args, nargs, NULL);
	return vm_call(t, fn, a, nargs + 1, NULL);
}

/* A user-level dunder of v's type, or V_NULL (borrowed). */
static struct val
obj_dunder(struct val v, const char *name)
{
	struct type *tp = val_type(v);

	if (!(tp->flags & TF_USER))
		return val_null();
	return type_lookup_cstr(tp, name);
}

/* ---- repr / str --------------------------------------------------------- */

/*
 * Objects whose repr is in progress in this thread (the recursion guard of
 * [...] and {...}): per thread, since two threads may print the same list.
 */
static __thread struct obj	*repr_stack[64];
static __thread int		 nrepr;

static int
repr_enter(struct obj *o)
{
	int i;

	for (i = 0; i < nrepr; i++)
		if (repr_stack[i] == o)
			return 1;
	if (nrepr < 64)
		repr_stack[nrepr++] = o;
	return 0;
}

static void
repr_leave(struct obj *o)
{
	if (nrepr > 0 && repr_stack[nrepr - 1] == o)
		nrepr--;
}

/* Append repr(v) to b; -1 on error. */
static int
repr_into(struct vm_thread *t, struct val v, struct buf *b)
{
	struct val r = obj_repr(t, v);

	if (r.tag == V_NULL)
		return -1;
	buf_add(b, VAL_AS(str, r)->data, (size_t)VAL_AS(str, r)->len);
	val_decref(r);
	return 0;
}

/* Is a non-ASCII code point printable (approximating unicodedata)? */
static int
cp_printable(int64_t cp)
{
	if (cp < 0xa1 || cp == 0xad)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) ||
	    (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 || cp == 0xfeff ||
	    (cp >= 0xd800 && cp <= 0xf8ff) || (cp >= 0xfff9 && cp <= 0xfffb) ||
	    cp == 0x1680 || cp == 0x180e || cp == 0x61c || (cp >= 0xfdd0 &&
	    cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe || cp >= 0xe0000)
		return 0;
	return 1;
}

/* Quote a str like CPython's repr. */
static void
str_repr_into(struct str *s, struct buf *b)
{
	int		 sq = 0, dq = 0;
	char		 q;
	int64_t		 i;

	for (i = 0; i < s->len; i++) {
		if (s->data[i] == '\'')
			sq = 1;
		else if (s->data[i] == '"')
			dq = 1;
	}
	q = (sq && !dq) ? '"' : '\'';
	buf_addc(b, q);
	for (i = 0; i < s->len; i++) {
		unsigned char c = (unsigned char)s->data[i];

		if (c == (unsigned char)q || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else if (c >= 0x80) {
			int64_t cp, n = utf8_decode(s->data + i, s->len - i, &cp);

			if (cp_printable(cp))
				buf_add(b, s->data + i, (size_t)n);
			else if (cp < 0x100)
				buf_printf(b, "\\x%02x", (unsigned)cp);
			else if (cp < 0x10000)
				buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				buf_printf(b, "\\U%08x", (unsigned)cp);
			i += n - 1;
		} else
			buf_addc(b, (char)c);
	}
	buf_addc(b, q);
}

/* Append the repr of a container or scalar. */
static int
repr_builtin(struct vm_thread *t, struct val v, struct buf *b)
{
	int64_t i;

	switch (v.tag) {
	case V_NONE:
		buf_adds(b, "None");
		return 0;
	case V_BOOL:
		buf_adds(b, v.u.i ? "True" : "False");
		return 0;
	case V_INT:
		buf_printf(b, "%lld", (long long)v.u.i);
		return 0;
	case V_FLOAT:
		float_repr(v.u.f, b);
		return 0;
	default:
		break;
	}
	switch (v.u.o->type->layout) {
	case L_STR:
		str_repr_into(VAL_AS(str, v), b);
		return 0;
	case L_BYTES:
		{
			struct bytes	*by = VAL_AS(bytes, v);
			int		 sq = 0, dq = 0;
			char		 q;

			for (i = 0; i < by->len; i++) {
				if (by->data[i] == '\'')
					sq = 1;
				if (by->data[i] == '"')
					dq = 1;
			}
			q = (sq && !dq) ? '"' : '\'';
			buf_addc(b, 'b');
			buf_addc(b, q);
			for (i = 0; i < by->len; i++) {
				unsigned char c = by->data[i];

				if (c == (unsigned char)q || c == '\\')
					buf_printf(b, "\\%c", c);
				else if (c == '\n')
					buf_adds(b, "\\n");
				else if (c == '\t')
					buf_adds(b, "\\t");
				else if (c == '\r')
					buf_adds(b, "\\r");
				else if (c < 0x20 || c >= 0x7f)
					buf_printf(b, "\\x%02x", c);
				else
					buf_addc(b, (char)c);
			}
			buf_addc(b, q);
		}
		return 0;
	case L_LIST: case L_TUPLE:
		{
			int		 islist = v.u.o->type->layout == L_LIST;
			struct val	*items = islist ? VAL_AS(list, v)->items :
			    VAL_AS(tuple, v)->items;
			int64_t		 n = islist ? VAL_AS(list, v)->len :
			    VAL_AS(tuple, v)->len;

			if (repr_enter(v.u.o)) {
				buf_adds(b, islist ? "[...]" : "(...)");
				return 0;
			}
			buf_addc(b, islist ? '[' : '(');
			for (i = 0; i < n; i++) {
				/* A list item is held while __repr__ runs. */
				struct val x = islist ? list_getref(VAL_AS(list, v), i) :
				    val_dup(items[i]);
				int rc;

				if (x.tag == V_NULL)
					break;
				if (i > 0)
					buf_adds(b, ", ");
				rc = repr_into(t, x, b);
				val_decref(x);
				if (rc < 0) {
					repr_leave(v.u.o);
					return -1;
				}
				if (islist)
					n = list_len(VAL_AS(list, v));
			}
			if (!islist && n == 1)
				buf_addc(b, ',');
			buf_addc(b, islist ? ']' : ')');
			repr_leave(v.u.o);
		}
		return 0;
	case L_DICT:
		{
			struct dict	*d = VAL_AS(dict, v);
			int64_t		 pos = 0;
			struct val	 k, x;
			int		 first = 1;

			if (repr_enter(v.u.o)) {
				buf_adds(b, "{...}");
				return 0;
			}
			buf_addc(b, '{');
			while (dict_next_ref(d, &pos, &k, &x)) {
				int rc;

				if (!first)
					buf_adds(b, ", ");
				first = 0;
				rc = repr_into(t, k, b) < 0 || (buf_adds(b, ": "),
				    repr_into(t, x, b) < 0);
				val_decref(k);
				val_decref(x);
				if (rc) {
					repr_leave(v.u.o);
					return -1;
				}
			}
			buf_addc(b, '}');
			repr_leave(v.u.o);
		}
		return 0;
	case L_SETO:
		{
			struct set	*s = VAL_AS(set, v);
			int64_t		 pos = 0;
			struct val	 k;
			int		 first = 1;
			const char	*tn = v.u.o->type->name;

			if (s->len == 0) {
				buf_printf(b, "%s()", tn);
				return 0;
			}
			if (repr_enter(v.u.o)) {
				buf_printf(b, "%s(...)", tn);
				return 0;
			}
			if (v.u.o->type != TYPE(T_SET))
				buf_printf(b, "%s(", tn);
			buf_addc(b, '{');
			while (set_next_ref(s, &pos, &k)) {
				int rc;

				if (!first)
					buf_adds(b, ", ");
				first = 0;
				rc = repr_into(t, k, b);
				val_decref(k);
				if (rc < 0) {
					repr_leave(v.u.o);
					return -1;
				}
			}
			buf_addc(b, '}');
			if (v.u.o->type != TYPE(T_SET))
				buf_addc(b, ')');
			repr_leave(v.u.o);
		}
		return 0;
	case L_RANGE:
		{
			struct range *r = VAL_AS(range, v);

			if (r->step == 1)
				buf_printf(b, "range(%lld, %lld)", (long long)r->start,
				    (long long)r->stop);
			else
				buf_printf(b, "range(%lld, %lld, %lld)",
				    (long long)r->start, (long long)r->stop,
				    (long long)r->step);
		}
		return 0;
	case L_SLICE:
		{
			struct slice *s = VAL_AS(slice, v);

			buf_adds(b, "slice(");
			if (repr_into(t, s->start, b) < 0)
				return -1;
			buf_adds(b, ", ");
			if (repr_into(t, s->stop, b) < 0)
				return -1;
			buf_adds(b, ", ");
			if (repr_into(t, s->step, b) < 0)
				return -1;
			buf_addc(b, ')');
		}
		return 0;
	case L_FUNC:
		buf_printf(b, "<function %s at %p>", VAL_AS(func, v)->qualname->data,
		    (void *)v.u.o);
		return 0;
	case L_CFUNC:
		{
			struct cfunc *c = VAL_AS(cfunc, v);

			if (c->self.tag != V_NULL)
				buf_printf(b, "<built-in method %s of %s object at %p>",
				    c->name, val_type_name(c->self),
				    (void *)c->self.u.o);
			else
				buf_printf(b, "<built-in function %s>", c->name);
		}
		return 0;
	case L_METHOD:
		{
			struct method *m = VAL_AS(method, v);
			const char *qn = val_is_obj(m->func, L_FUNC) ?
			    VAL_AS(func, m->func)->qualname->data : "?";

			buf_printf(b, "<bound method %s of ", qn);
			if (repr_into(t, m->self, b) < 0)
				return -1;
			buf_addc(b, '>');
		}
		return 0;
	case L_TYPE:
		{
			struct type	*tp = VAL_AS(type, v);
			struct val	 mod = tp->dict ? dict_get_cstr(tp->dict,
			    "__module__") : val_null();

			if ((tp->flags & TF_USER) && IS_STR(mod) &&
			    strcmp(VAL_AS(str, mod)->data, "builtins") != 0) {
				struct val qn = dict_get_cstr(tp->dict, "__qualname__");

				buf_printf(b, "<class '%s.%s'>", VAL_AS(str, mod)->data,
				    IS_STR(qn) ? VAL_AS(str, qn)->data : tp->name);
			} else
				buf_printf(b, "<class '%s'>", tp->name);
		}
		return 0;
	case L_MODULE:
		buf_printf(b, "<module '%s' (built-in)>", VAL_AS(module, v)->name->data);
		return 0;
	case L_GEN:
		buf_printf(b, "<%s object %s at %p>", v.u.o->type->name,
		    VAL_AS(gen, v)->qualname->data, (void *)v.u.o);
		return 0;
	case L_EXC:
		{
			struct exc *e = VAL_AS(exc, v);

			buf_adds(b, v.u.o->type->name);
			if (e->args != NULL && e->args->len == 1) {
				buf_addc(b, '(');
				if (repr_into(t, e->args->items[0], b) < 0)
					return -1;
				buf_addc(b, ')');
			} else if (e->args != NULL) {
				if (repr_into(t, val_obj(e->args), b) < 0)
					return -1;
			} else
				buf_adds(b, "()");
		}
		return 0;
	case L_CELL:
		buf_printf(b, "<cell at %p>", (void *)v.u.o);
		return 0;
	case L_CODE:
		buf_printf(b, "<code object %s at %p>", VAL_AS(code, v)->name->data,
		    (void *)v.u.o);
		return 0;
	default:
		break;
	}
	if (v.u.o->type == TYPE(T_NOTIMPLTYPE)) {
		buf_adds(b, "NotImplemented");
		return 0;
	}
	if (v.u.o->type == TYPE(T_ELLIPSISTYPE)) {
		buf_adds(b, "Ellipsis");
		return 0;
	}
	if (IS_DICTVIEW_T(v.u.o->type)) {
		struct dictview *dv = (struct dictview *)v.u.o;
		struct list *l = seq_to_list(t, v);

		if (l == NULL)
			return -1;
		buf_adds(b, dv->kind == IT_DICT_KEYS ? "dict_keys(" :
		    dv->kind == IT_DICT_VALUES ? "dict_values(" : "dict_items(");
		if (repr_into(t, val_obj(l), b) < 0) {
			OBJ_DECREF(l);
			return -1;
		}
		OBJ_DECREF(l);
		buf_addc(b, ')');
		return 0;
	}
	{
		struct type	*tp = v.u.o->type;
		struct val	 mod = tp->dict ? dict_get_cstr(tp->dict, "__module__") :
		    val_null();
		struct val	 qn = tp->dict ? dict_get_cstr(tp->dict, "__qualname__") :
		    val_null();

		if (IS_STR(mod))
			buf_printf(b, "<%s.%s object at %p>", VAL_AS(str, mod)->data,
			    IS_STR(qn) ? VAL_AS(str, qn)->data : tp->name,
			    (void *)v.u.o);
		else
			buf_printf(b, "<%s object at %p>", tp->name, (void *)v.u.o);
	}
	return 0;
}

/* repr(v) */
struct val
obj_repr(struct vm_thread *t, struct val v)
{
	struct buf	b;
	struct val	m = obj_dunder(v, "__repr__");

	if (m.tag != V_NULL && !(m.tag == V_OBJ && m.u.o->type->layout == L_CFUNC)) {
		struct val r;

		if (t->depth > t->interp->recursion_limit)
			return vm_raise(t, EXC(RecursionError),
			    "maximum recursion depth exceeded while getting the repr of an object");
		r = obj_call_dunder(t, m, v, NULL, 0);
		if (r.tag != V_NULL && !IS_STR(r)) {
			val_decref(r);
			return vm_raise(t, EXC(TypeError),
			    "__repr__ returned non-string (type %s)", val_type_name(r));
		}
		return r;
	}
	if (IS_STR(v) && VAL_AS(str, v)->len == 0)
		return val_obj(str_new("''", 2));
	if (v.tag == V_INT) {
		char		 tmp[24], *p = tmp + sizeof tmp;
		uint64_t	 u = v.u.i < 0 ? (uint64_t)0 - (uint64_t)v.u.i :
		    (uint64_t)v.u.i;

		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v.u.i < 0)
			*--p = '-';
		return val_obj(str_new(p, (size_t)(tmp + sizeof tmp - p)));
	}
	buf_init(&b);
	t->depth++;
	if (t->depth > t->interp->recursion_limit + 50) {
		t->depth--;
		buf_fini(&b);
		return vm_raise(t, EXC(RecursionError),
		    "maximum recursion depth exceeded while getting the repr of an object");
	}
	if (repr_builtin(t, v, &b) < 0) {
		t->depth--;
		buf_fini(&b);
		return val_null();
	}
	t->depth--;
	return val_obj(str_from_buf(&b));
}

/* str(v) */
struct val
obj_str(struct vm_thread *t, struct val v)
{
	struct val m;

	if (IS_STR(v))
		return val_dup(v);
	m = obj_dunder(v, "__str__");
	if (m.tag != V_NULL && !(m.tag == V_OBJ && m.u.o->type->layout == L_CFUNC)) {
		struct val r = obj_call_dunder(t, m, v, NULL, 0);

		if (r.tag != V_NULL && !IS_STR(r)) {
			val_decref(r);
			return vm_raise(t, EXC(TypeError),
			    "__str__ returned non-string (type %s)", val_type_name(r));
		}
		return r;
	}
	if (val_is_obj(v, L_EXC))
		return exc_str(t, VAL_AS(exc, v));
	return obj_repr(t, v);
}

/* ---- truth, hash, equality ---------------------------------------------- */

int
obj_truth(struct vm_thread *t, struct val v)
{
	struct val m;

	switch (v.tag) {
	case V_NONE: return 0;
	case V_BOOL: case V_INT: return v.u.i != 0;
	case V_FLOAT: return v.u.f != 0.0;
	case V_OBJ: break;
	default: return 0;
	}
	switch (v.u.o->type->layout) {
	case L_STR: return VAL_AS(str, v)->len != 0;
	case L_LIST: return VAL_AS(list, v)->len != 0;
	case L_TUPLE: return VAL_AS(tuple, v)->len != 0;
	case L_DICT: return VAL_AS(dict, v)->len != 0;
	case L_SETO: return VAL_AS(set, v)->len != 0;
	case L_RANGE: return VAL_AS(range, v)->len != 0;
	case L_BYTES: return VAL_AS(bytes, v)->len != 0;
	default: break;
	}
	if ((m = obj_dunder(v, "__bool__")).tag != V_NULL) {
		struct val r = obj_call_dunder(t, m, v, NULL, 0);

		if (r.tag == V_NULL)
			return -1;
		if (r.tag != V_BOOL) {
			vm_raise(t, EXC(TypeError),
			    "__bool__ should return bool, returned %s",
			    val_type_name(r));
			val_decref(r);
			return -1;
		}
		return (int)r.u.i;
	}
	if ((m = obj_dunder(v, "__len__")).tag != V_NULL) {
		int64_t n = obj_len(t, v);

		return n < 0 ? -1 : n != 0;
	}
	return 1;
}

#define HASH_MODULUS	(((uint64_t)1 << 61) - 1)

/* CPython's hash of an int. */
static int64_t
hash_int(int64_t i)
{
	uint64_t	u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
	int64_t		h;

	u %= HASH_MODULUS;
	h = i < 0 ? -(int64_t)u : (int64_t)u;
	return h == -1 ? -2 : h;
}

/* CPython's hash of a float (_Py_HashDouble). */
static int64_t
hash_float(double v)
{
	int		 e, sign;
	double		 m;
	uint64_t	 x, y;

	if (isinf(v))
		return v > 0 ? 314159 : -314159;
	if (isnan(v))
		return 0;
	m = frexp(v, &e);
	sign = 1;
	if (m < 0) {
		sign = -1;
		m = -m;
	}
	x = 0;
	while (m) {
		x = ((x << 28) & HASH_MODULUS) | x >> (61 - 28);
		m *= 268435456.0;
		e -= 28;
		y = (uint64_t)m;
		m -= (double)y;
		x += y;
		if (x >= HASH_MODULUS)
			x -= HASH_MODULUS;
	}
	e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
	x = ((x << e) & HASH_MODULUS) | x >> (61 - e);
	{
		int64_t h = (int64_t)x * sign;

		return h == -1 ? -2 : h;
	}
}

int64_t
obj_hash(struct vm_thread *t, struct val v)
{
	struct val m;

	switch (v.tag) {
	case V_NONE: return 0x5f3759df;
	case V_BOOL: return v.u.i;
	case V_INT: return hash_int(v.u.i);
	case V_FLOAT:
		if (v.u.f == floor(v.u.f) && fabs(v.u.f) < 9.2e18)
			return hash_int((int64_t)v.u.f);
		return hash_float(v.u.f);
	default: break;
	}
	switch (v.u.o->type->layout) {
	case L_STR:
		return str_hash(VAL_AS(str, v));
	case L_TUPLE:
		{
			/* CPython's tuple hash (xxHash-based). */
			struct tuple	*tu = VAL_AS(tuple, v);
			uint64_t	 acc = 2870177450012600261ULL;
			int64_t		 i;

			if (tu->hash != -1 && tu->hash != 0)
				return tu->hash;
			for (i = 0; i < tu->len; i++) {
				int64_t h = obj_hash(t, tu->items[i]);

				if (h == -1 && t->exc.tag != V_NULL)
					return -1;
				acc += (uint64_t)h * 14029467366897019727ULL;
				acc = (acc << 31) | (acc >> 33);
				acc *= 11400714785074694791ULL;
			}
			acc += (uint64_t)tu->len ^ (2870177450012600261ULL ^ 3527539UL);
			if (acc == (uint64_t)-1)
				return 1546275796;
			tu->hash = (int64_t)acc;
			return (int64_t)acc;
		}
	case L_SETO:
		if (VAL_AS(set, v)->frozen) {
			struct set	*s = VAL_AS(set, v);
			int64_t		 pos = 0;
			struct val	 k;
			uint64_t	 h = 0;

			while (set_next(s, &pos, &k)) {
				uint64_t x = (uint64_t)obj_hash(t, k);

				h ^= ((x ^ 89869747UL) ^ (x << 16)) * 3644798167UL;
			}
			h ^= ((uint64_t)s->len + 1) * 1927868237UL;
			return (int64_t)(h == (uint64_t)-1 ? 590923713UL : h);
		}
		/* FALLTHROUGH */
	case L_LIST: case L_DICT:
		vm_raise(t, EXC(TypeError), "unhashable type: '%s'", val_type_name(v));
		return -1;
	case L_BYTES:
		{
			struct bytes	*b = VAL_AS(bytes, v);
			uint64_t	 h = 1469598103934665603ULL;
			int64_t		 i;

			for (i = 0; i < b->len; i++)
				h = (h ^ b->data[i]) * 1099511628211ULL;
			return (int64_t)(h >> 1);
		}
	default:
		break;
	}
	if ((m = obj_dunder(v, "__hash__")).tag != V_NULL) {
		struct val r;

		if (m.tag == V_NONE) {
			vm_raise(t, EXC(TypeError), "unhashable type: '%s'",
			    val_type_name(v));
			return -1;
		}
		if (m.u.o->type->layout == L_CFUNC)
			goto identity;
		r = obj_call_dunder(t, m, v, NULL, 0);
		if (r.tag == V_NULL)
			return -1;
		if (r.tag != V_INT && r.tag != V_BOOL) {
			val_decref(r);
			vm_raise(t, EXC(TypeError),
			    "__hash__ method should return an integer");
			return -1;
		}
		return hash_int(r.u.i);
	}
identity:
	return (int64_t)(((uintptr_t)v.u.o >> 4) | ((uintptr_t)v.u.o << 60));
}

/* Numeric value of a number-like value as double. */
static int
num_as_double(struct val v, double *d)
{
	if (v.tag == V_INT || v.tag == V_BOOL) {
		*d = (double)v.u.i;
		return 1;
	}
	if (v.tag == V_FLOAT) {
		*d = v.u.f;
		return 1;
	}
	return 0;
}

static int
is_num(struct val v)
{
	return v.tag == V_INT || v.tag == V_BOOL || v.tag == V_FLOAT;
}

/* Compare an int with a float exactly: -1, 0, 1, or 2 if unordered. */
static int
cmp_int_float(int64_t i, double f)
{
	double fl;
	int64_t ii;

	if (isnan(f))
		return 2;
	if (f >= 9.2233720368547758e18)
		return -1;
	if (f < -9.2233720368547758e18)
		return 1;
	fl = floor(f);
	ii = (int64_t)fl;
	if (i < ii)
		return -1;
	if (i > ii)
		return 1;
	return f > fl ? -1 : 0;
}

/* a == b as a C truth value; -1 on error. */
int
obj_eq(struct vm_thread *t, struct val a, struct val b)
{
	struct val r;
	int res;

	if (a.tag == V_OBJ && b.tag == V_OBJ && a.u.o == b.u.o &&
	    a.u.o->type->layout != L_INST)
		return 1;
	if (is_num(a) && is_num(b)) {
		if (a.tag != V_FLOAT && b.tag != V_FLOAT)
			return a.u.i == b.u.i;
		if (a.tag == V_FLOAT && b.tag == V_FLOAT)
			return a.u.f == b.u.f || memcmp(&a.u.f, &b.u.f, sizeof a.u.f) == 0;
		if (a.tag == V_FLOAT)
			return cmp_int_float(b.u.i, a.u.f) == 0;
		return cmp_int_float(a.u.i, b.u.f) == 0;
	}
	if (a.tag == V_NONE || b.tag == V_NONE)
		return a.tag == b.tag;
	if (IS_STR(a) && IS_STR(b))
		return str_eq(VAL_AS(str, a), VAL_AS(str, b));
	r = obj_compare(t, a, b, OP_EQ);
	if (r.tag == V_NULL)
		return -1;
	res = obj_truth(t, r);
	val_decref(r);
	return res;
}

/* ---- comparison --------------------------------------------------------- */

static const char *cmp_names[] = {
	[OP_LT] = "__lt__", [OP_LE] = "__le__", [OP_EQ] = "__eq__",
	[OP_NE] = "__ne__", [OP_GT] = "__gt__", [OP_GE] = "__ge__",
};
static const char *cmp_syms[] = {
	[OP_LT] = "<", [OP_LE] = "<=", [OP_EQ] = "==", [OP_NE] = "!=",
	[OP_GT] = ">", [OP_GE] = ">=",
};

static int
cmp_reflect(int op)
{
	switch (op) {
	case OP_LT: return OP_GT;
	case OP_LE: return OP_GE;
	case OP_GT: return OP_LT;
	case OP_GE: return OP_LE;
	default: return op;
	}
}

static struct val
cmp_result(int c, int op)
{
	switch (op) {
	case OP_LT: return val_bool(c < 0);
	case OP_LE: return val_bool(c <= 0);
	case OP_EQ: return val_bool(c == 0);
	case OP_NE: return val_bool(c != 0);
	case OP_GT: return val_bool(c > 0);
	default: return val_bool(c >= 0);
	}
}

/* Lexicographic comparison of sequences. */
static struct val
seq_compare(struct vm_thread *t, struct val *a, int64_t na, struct val *b,
    int64_t nb, int op)
{
	int64_t i;

	if (t->depth > t->interp->recursion_limit + 50)
		return vm_raise(t, EXC(RecursionError),
		    "maximum recursion depth exceeded in comparison");
	for (i = 0; i < na && i < nb; i++) {
		int r;

		t->depth++;
		r = obj_eq(t, a[i], b[i]);
		t->depth--;
		if (r < 0)
			return val_null();
		if (!r) {
			if (op == OP_EQ)
				return val_bool(0);
			if (op == OP_NE)
				return val_bool(1);
			return obj_compare(t, a[i], b[i], op);
		}
	}
	return cmp_result(na < nb ? -1 : na > nb ? 1 : 0, op);
}

static int
is_notimpl(struct val v)
{
	return v.tag == V_OBJ && v.u.o->type == TYPE(T_NOTIMPLTYPE);
}

/* Rich comparison. */
struct val
obj_compare(struct vm_thread *t, struct val a, struct val b, int op)
{
	struct val m, r;

	if (is_num(a) && is_num(b)) {
		if (a.tag != V_FLOAT && b.tag != V_FLOAT)
			return cmp_result(a.u.i < b.u.i ? -1 : a.u.i > b.u.i, op);
		if (a.tag != V_FLOAT || b.tag != V_FLOAT) {
			int c = a.tag == V_FLOAT ? -cmp_int_float(b.u.i, a.u.f) :
			    cmp_int_float(a.u.i, b.u.f);

			if (c == 2 || c == -2)
				return val_bool(op == OP_NE);
			return cmp_result(c, op);
		}
		{
			double x, y;

			num_as_double(a, &x);
			num_as_double(b, &y);
			if (isnan(x) || isnan(y))
				return val_bool(op == OP_NE);
			return cmp_result(x < y ? -1 : x > y, op);
		}
	}
	if (IS_STR(a) && IS_STR(b)) {
		struct str	*x = VAL_AS(str, a), *y = VAL_AS(str, b);
		int64_t		 n = x->len < y->len ? x->len : y->len;
		int		 c = memcmp(x->data, y->data, (size_t)n);

		if (c == 0)
			c = x->len < y->len ? -1 : x->len > y->len;
		return cmp_result(c, op);
	}
	if (a.tag == V_OBJ && b.tag == V_OBJ && a.u.o->type == b.u.o->type &&
	    !(a.u.o->type->flags & TF_USER)) {
		switch (a.u.o->type->layout) {
		case L_LIST:
			if (LANG_FT) {
				/* Both sides copied under their own stripes. */
				struct val	*sa, *sb, res;
				int64_t		 na, nb;

				sa = list_snapshot(a, &na);
				sb = list_snapshot(b, &nb);
				res = seq_compare(t, sa, na, sb, nb, op);
				val_array_free(sa, na);
				val_array_free(sb, nb);
				return res;
			}
			return seq_compare(t, VAL_AS(list, a)->items,
			    VAL_AS(list, a)->len, VAL_AS(list, b)->items,
			    VAL_AS(list, b)->len, op);
		case L_TUPLE:
			return seq_compare(t, VAL_AS(tuple, a)->items,
			    VAL_AS(tuple, a)->len, VAL_AS(tuple, b)->items,
			    VAL_AS(tuple, b)->len, op);
		case L_BYTES:
			{
				struct bytes *x = VAL_AS(bytes, a), *y = VAL_AS(bytes, b);
				int64_t n = x->len < y->len ? x->len : y->len;
				int c = memcmp(x->data, y->data, (size_t)n);

				if (c == 0)
					c = x->len < y->len ? -1 : x->len > y->len;
				return cmp_result(c, op);
			}
		case L_DICT:
			if (op == OP_EQ || op == OP_NE) {
				struct dict	*x = VAL_AS(dict, a), *y = VAL_AS(dict, b);
				int64_t		 pos = 0;
				struct val	 k, v;
				int		 eq = x->len == y->len;

				/* References held: __eq__ may run, threads may write. */
				while (eq && dict_next_ref(x, &pos, &k, &v)) {
					struct val w = dict_getref(y, k);
					int e;

					val_decref(k);
					if (w.tag == V_NULL) {
						val_decref(v);
						if (t->exc.tag != V_NULL)
							return val_null();
						eq = 0;
						break;
					}
					e = obj_eq(t, v, w);
					val_decref(v);
					val_decref(w);
					if (e < 0)
						return val_null();
					eq = e;
				}
				return val_bool(op == OP_EQ ? eq : !eq);
			}
			break;
		case L_RANGE:
			if (op == OP_EQ || op == OP_NE) {
				struct range *x = VAL_AS(range, a), *y = VAL_AS(range, b);
				int eq = x->len == y->len && (x->len == 0 ||
				    (x->start == y->start && (x->len == 1 ||
				    x->step == y->step)));

				return val_bool(op == OP_EQ ? eq : !eq);
			}
			break;
		default:
			break;
		}
	}
	if ((op == OP_EQ || op == OP_NE) && ((a.tag == V_OBJ &&
	    (a.u.o->type == TYPE(T_DICTVIEW) || a.u.o->type == TYPE(T_DICTITEMS)) &&
	    (val_is_obj(b, L_SETO) || (b.tag == V_OBJ && IS_DICTVIEW_T(b.u.o->type)))) ||
	    (b.tag == V_OBJ && (b.u.o->type == TYPE(T_DICTVIEW) ||
	    b.u.o->type == TYPE(T_DICTITEMS)) && val_is_obj(a, L_SETO)))) {
		struct val sa = vm_call(t, val_obj(TYPE(T_SET)), &a, 1, NULL), sb;

		if (sa.tag == V_NULL)
			return sa;
		sb = vm_call(t, val_obj(TYPE(T_SET)), &b, 1, NULL);
		if (sb.tag == V_NULL) {
			val_decref(sa);
			return sb;
		}
		r = obj_compare(t, sa, sb, op);
		val_decref(sa);
		val_decref(sb);
		return r;
	}
	if (val_is_obj(a, L_SETO) && val_is_obj(b, L_SETO)) {
		struct set	*x = VAL_AS(set, a), *y = VAL_AS(set, b);
		int64_t		 pos = 0;
		struct val	 k;
		int		 sub = 1, sup = 1;

		while (set_next(x, &pos, &k))
			if (!set_contains(y, k)) {
				sub = 0;
				break;
			}
		pos = 0;
		while (set_next(y, &pos, &k))
			if (!set_contains(x, k)) {
				sup = 0;
				break;
			}
		switch (op) {
		case OP_EQ: return val_bool(sub && sup);
		case OP_NE: return val_bool(!(sub && sup));
		case OP_LE: return val_bool(sub);
		case OP_GE: return val_bool(sup);
		case OP_LT: return val_bool(sub && !sup);
		default: return val_bool(sup && !sub);
		}
	}
	/* User-defined comparisons: reflected first if b's type is a subclass. */
	{
		int reflected_first = b.tag == V_OBJ && val_type(a) != val_type(b) &&
		    type_is_subtype(val_type(b), val_type(a)) &&
		    obj_dunder(b, cmp_names[cmp_reflect(op)]).tag != V_NULL;
		int pass;

		for (pass = 0; pass < 2; pass++) {
			int use_b = (pass == 0) == reflected_first;
			struct val self = use_b ? b : a, other = use_b ? a : b;
			int o = use_b ? cmp_reflect(op) : op;

			m = obj_dunder(self, cmp_names[o]);
			if (m.tag == V_NULL || m.tag == V_NONE)
				continue;
			if (m.u.o->type->layout == L_CFUNC)
				continue;
			r = obj_call_dunder(t, m, self, &other, 1);
			if (r.tag == V_NULL)
				return r;
			if (!is_notimpl(r))
				return r;
			val_decref(r);
		}
	}
	if (op == OP_NE) {
		m = obj_dunder(a, "__eq__");
		if (m.tag == V_OBJ && m.u.o->type->layout != L_CFUNC) {
			int e;

			r = obj_call_dunder(t, m, a, &b, 1);
			if (r.tag == V_NULL)
				return r;
			if (!is_notimpl(r)) {
				e = obj_truth(t, r);
				val_decref(r);
				if (e < 0)
					return val_null();
				return val_bool(!e);
			}
			val_decref(r);
		}
	}
	if (op == OP_EQ || op == OP_NE) {
		int same = a.tag == b.tag && (a.tag == V_OBJ ? a.u.o == b.u.o :
		    a.u.i == b.u.i);

		return val_bool(op == OP_EQ ? same : !same);
	}
	return vm_raise(t, EXC(TypeError),
	    "'%s' not supported between instances of '%s' and '%s'", cmp_syms[op],
	    val_type_name(a), val_type_name(b));
}

/* ---- arithmetic --------------------------------------------------------- */

static const struct {
	const char *sym, *name, *rname, *iname;
} binop_names[] = {
	[OP_ADD] = { "+", "__add__", "__radd__", "__iadd__" },
	[OP_SUB] = { "-", "__sub__", "__rsub__", "__isub__" },
	[OP_MUL] = { "*", "__mul__", "__rmul__", "__imul__" },
	[OP_MATMUL] = { "@", "__matmul__", "__rmatmul__", "__imatmul__" },
	[OP_DIV] = { "/", "__truediv__", "__rtruediv__", "__itruediv__" },
	[OP_FLOORDIV] = { "//", "__floordiv__", "__rfloordiv__", "__ifloordiv__" },
	[OP_MOD] = { "%", "__mod__", "__rmod__", "__imod__" },
	[OP_POW] = { "** or pow()", "__pow__", "__rpow__", "__ipow__" },
	[OP_LSHIFT] = { "<<", "__lshift__", "__rlshift__", "__ilshift__" },
	[OP_RSHIFT] = { ">>", "__rshift__", "__rrshift__", "__irshift__" },
	[OP_AND] = { "&", "__and__", "__rand__", "__iand__" },
	[OP_OR] = { "|", "__or__", "__ror__", "__ior__" },
	[OP_XOR] = { "^", "__xor__", "__rxor__", "__ixor__" },
};

static struct val
int_overflow(struct vm_thread *t)
{
	return vm_raise(t, EXC(OverflowError),
	    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
}

/* Integer power with overflow detection. */
static struct val
int_pow(struct vm_thread *t, int64_t base, int64_t exp)
{
	int64_t r = 1;

	if (exp < 0) {
		if (base == 0)
			return vm_raise(t, EXC(ZeroDivisionError),
			    "0.0 cannot be raised to a negative power");
		return val_float(pow((double)base, (double)exp));
	}
	while (exp > 0) {
		if (exp & 1) {
			if (__builtin_mul_overflow(r, base, &r))
				return int_overflow(t);
		}
		exp >>= 1;
		if (exp > 0 && __builtin_mul_overflow(base, base, &base))
			return int_overflow(t);
	}
	return val_int(r);
}

/* Floor division and modulo on ints (Python semantics). */
static int64_t
int_floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t
int_mod(int64_t a, int64_t b)
{
	int64_t m = a % b;

	if (m != 0 && ((m < 0) != (b < 0)))
		m += b;
	return m;
}

/* Float modulo with Python semantics. */
static double
float_mod(double a, double b)
{
	double m = fmod(a, b);

	if (m != 0) {
		if ((b < 0) != (m < 0))
			m += b;
	} else
		m = copysign(0.0, b);
	return m;
}

/* Arithmetic on two numbers; V_NULL with no exception if not numbers. */
static struct val
num_binop(struct vm_thread *t, int op, struct val a, struct val b)
{
	int64_t r;

	if ((a.tag == V_INT || a.tag == V_BOOL) && (b.tag == V_INT || b.tag == V_BOOL)) {
		int64_t x = a.u.i, y = b.u.i;

		switch (op) {
		case OP_ADD:
			if (__builtin_add_overflow(x, y, &r))
				return int_overflow(t);
			return val_int(r);
		case OP_SUB:
			if (__builtin_sub_overflow(x, y, &r))
				return int_overflow(t);
			return val_int(r);
		case OP_MUL:
			if (__builtin_mul_overflow(x, y, &r))
				return int_overflow(t);
			return val_int(r);
		case OP_DIV:
			if (y == 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "division by zero");
			return val_float((double)x / (double)y);
		case OP_FLOORDIV:
			if (y == 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "integer division or modulo by zero");
			if (x == INT64_MIN && y == -1)
				return int_overflow(t);
			return val_int(int_floordiv(x, y));
		case OP_MOD:
			if (y == 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "integer modulo by zero");
			if (y == -1)
				return val_int(0);
			return val_int(int_mod(x, y));
		case OP_POW:
			return int_pow(t, x, y);
		case OP_LSHIFT:
			if (y < 0)
				return vm_raise(t, EXC(ValueError), "negative shift count");
			if (x == 0)
				return val_int(0);
			if (y >= 63 || (x > 0 ? x > (INT64_MAX >> y) :
			    x < (INT64_MIN >> y)))
				return int_overflow(t);
			return val_int((int64_t)((uint64_t)x << y));
		case OP_RSHIFT:
			if (y < 0)
				return vm_raise(t, EXC(ValueError), "negative shift count");
			return val_int(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
		case OP_AND:
			if (a.tag == V_BOOL && b.tag == V_BOOL)
				return val_bool(x & y);
			return val_int(x & y);
		case OP_OR:
			if (a.tag == V_BOOL && b.tag == V_BOOL)
				return val_bool(x | y);
			return val_int(x | y);
		case OP_XOR:
			if (a.tag == V_BOOL && b.tag == V_BOOL)
				return val_bool(x ^ y);
			return val_int(x ^ y);
		default:
			return val_null();
		}
	}
	if (is_num(a) && is_num(b)) {
		double x, y;

		num_as_double(a, &x);
		num_as_double(b, &y);
		switch (op) {
		case OP_ADD: return val_float(x + y);
		case OP_SUB: return val_float(x - y);
		case OP_MUL: return val_float(x * y);
		case OP_DIV:
			if (y == 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "float division by zero");
			return val_float(x / y);
		case OP_FLOORDIV:
			if (y == 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "float floor division by zero");
			return val_float(floor(x / y) == x / y ? x / y :
			    floor((x - float_mod(x, y)) / y + 0.5 * 0) );
		case OP_MOD:
			if (y == 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "float modulo");
			return val_float(float_mod(x, y));
		case OP_POW:
			if (x == 0 && y < 0)
				return vm_raise(t, EXC(ZeroDivisionError),
				    "0.0 cannot be raised to a negative power");
			if (x < 0 && y != floor(y))
				return vm_raise(t, EXC(ValueError),
				    "math domain error (negative number cannot be raised to a fractional power: complex numbers are not supported)");
			{
				double p = pow(x, y);

				if (isinf(p) && !isinf(x) && !isinf(y))
					return vm_raise(t, EXC(OverflowError),
					    "(34, 'Numerical result out of range')");
				return val_float(p);
			}
		default:
			return val_null();
		}
	}
	return val_null();
}

/* Repeat a sequence n times. */
static struct val
seq_repeat(struct vm_thread *t, struct val s, int64_t n)
{
	int64_t i, j;

	if (n < 0)
		n = 0;
	if (IS_STR(s)) {
		struct str	*x = VAL_AS(str, s);
		struct buf	 b;

		if (x->len > 0 && n > (int64_t)1 << 40 / (x->len ? x->len : 1))
			return vm_raise(t, EXC(MemoryError), NULL);
		buf_init(&b);
		for (i = 0; i < n; i++)
			buf_add(&b, x->data, (size_t)x->len);
		return val_obj(str_from_buf(&b));
	}
	if (IS_LIST(s)) {
		struct list	*l;
		struct val	*items = VAL_AS(list, s)->items, *snap = NULL;
		int64_t		 len = VAL_AS(list, s)->len;

		if (LANG_FT)
			items = snap = list_snapshot(s, &len);
		if (len > 0 && n > ((int64_t)1 << 32) / len) {
			if (snap != NULL)
				val_array_free(snap, len);
			return vm_raise(t, EXC(MemoryError), NULL);
		}
		l = list_new(len * n);
		for (i = 0; i < n; i++)
			for (j = 0; j < len; j++)
				l->items[l->len++] = val_dup(items[j]);
		if (snap != NULL)
			val_array_free(snap, len);
		return val_obj(l);
	}
	if (IS_TUPLE(s)) {
		struct tuple *x = VAL_AS(tuple, s), *tu;

		if (x->len > 0 && n > ((int64_t)1 << 32) / x->len)
			return vm_raise(t, EXC(MemoryError), NULL);
		tu = tuple_new(x->len * n);
		for (i = 0; i < n; i++)
			for (j = 0; j < x->len; j++)
				tu->items[i * x->len + j] = val_dup(x->items[j]);
		return val_obj(tu);
	}
	if (val_is_obj(s, L_BYTES)) {
		struct bytes *x = VAL_AS(bytes, s), *by;

		by = bytes_new(NULL, x->len * n);
		for (i = 0; i < n; i++)
			memcpy(by->data + i * x->len, x->data, (size_t)x->len);
		return val_obj(by);
	}
	return val_null();
}

/* Set algebra: | & - ^. */
static struct val
set_binop(struct vm_thread *t, int op, struct set *a, struct set *b)
{
	struct set	*r;
	struct val	*sa, *sb;
	int64_t		 na, nb, i;

	(void)t;
	if (op != OP_OR && op != OP_AND && op != OP_SUB && op != OP_XOR)
		return val_null();
	/* Snapshots: either operand may be changing in another thread. */
	r = set_new(a->frozen);
	sa = set_snapshot(a, &na);
	sb = set_snapshot(b, &nb);
	switch (op) {
	case OP_OR:
		for (i = 0; i < na; i++)
			set_add(r, sa[i]);
		for (i = 0; i < nb; i++)
			set_add(r, sb[i]);
		break;
	case OP_AND:
		for (i = 0; i < na; i++)
			if (set_contains(b, sa[i]))
				set_add(r, sa[i]);
		break;
	case OP_SUB:
		for (i = 0; i < na; i++)
			if (!set_contains(b, sa[i]))
				set_add(r, sa[i]);
		break;
	case OP_XOR:
		for (i = 0; i < na; i++)
			if (!set_contains(b, sa[i]))
				set_add(r, sa[i]);
		for (i = 0; i < nb; i++)
			if (!set_contains(a, sb[i]))
				set_add(r, sb[i]);
		break;
	}
	val_array_free(sa, na);
	val_array_free(sb, nb);
	return val_obj(r);
}

/* a OP b, with dunder dispatch; inplace tries __iop__ first. */
struct val
obj_binop(struct vm_thread *t, int op, struct val a, struct val b, int inplace)
{
	struct val	 r, m;

	r = num_binop(t, op, a, b);
	if (r.tag != V_NULL || t->exc.tag != V_NULL)
		return r;
	if (a.tag == V_OBJ && b.tag == V_OBJ && a.u.o->type == b.u.o->type &&
	    !(a.u.o->type->flags & TF_USER)) {
		int lay = a.u.o->type->layout;

		if (op == OP_ADD && lay == L_STR) {
			struct str	*x = VAL_AS(str, a), *y = VAL_AS(str, b);
			struct str	*s = str_new(NULL, x->len + y->len);

			memcpy(s->data, x->data, (size_t)x->len);
			memcpy(s->data + x->len, y->data, (size_t)y->len);
			s->data[x->len + y->len] = '\0';
			s->nchars = x->nchars + y->nchars;
			s->ascii = x->ascii && y->ascii;
			return val_obj(s);
		}
		if (op == OP_ADD && lay == L_LIST) {
			struct list *x = VAL_AS(list, a), *y = VAL_AS(list, b), *l;
			int64_t i;

			if (LANG_FT) {
				/* Copies taken under each list's stripe. */
				struct val	*sa = NULL, *sb;
				int64_t		 na = 0, nb;

				sb = list_snapshot(b, &nb);
				if (inplace) {
					list_extend_vals(x, sb, nb);
					val_array_free(sb, nb);
					return val_dup(a);
				}
				sa = list_snapshot(a, &na);
				l = list_new(na + nb);
				for (i = 0; i < na; i++)
					l->items[l->len++] = val_dup(sa[i]);
				for (i = 0; i < nb; i++)
					l->items[l->len++] = val_dup(sb[i]);
				val_array_free(sa, na);
				val_array_free(sb, nb);
				return val_obj(l);
			}
			if (inplace) {
				int64_t n = y->len;

				for (i = 0; i < n; i++)
					list_append(x, val_dup(y->items[i]));
				return val_dup(a);
			}
			l = list_new(x->len + y->len);
			for (i = 0; i < x->len; i++)
				l->items[l->len++] = val_dup(x->items[i]);
			for (i = 0; i < y->len; i++)
				l->items[l->len++] = val_dup(y->items[i]);
			return val_obj(l);
		}
		if (op == OP_ADD && lay == L_TUPLE) {
			struct tuple *x = VAL_AS(tuple, a), *y = VAL_AS(tuple, b);
			struct tuple *tu = tuple_new(x->len + y->len);
			int64_t i;

			for (i = 0; i < x->len; i++)
				tu->items[i] = val_dup(x->items[i]);
			for (i = 0; i < y->len; i++)
				tu->items[x->len + i] = val_dup(y->items[i]);
			return val_obj(tu);
		}
		if (op == OP_ADD && lay == L_BYTES) {
			struct bytes *x = VAL_AS(bytes, a), *y = VAL_AS(bytes, b);
			struct bytes *by = bytes_new(NULL, x->len + y->len);

			memcpy(by->data, x->data, (size_t)x->len);
			memcpy(by->data + x->len, y->data, (size_t)y->len);
			return val_obj(by);
		}
		if (op == OP_OR && lay == L_DICT) {
			struct dict *d = inplace ? VAL_AS(dict, a) : dict_copy(VAL_AS(dict, a));
			int64_t pos = 0;
			struct val k, v;

			while (dict_next(VAL_AS(dict, b), &pos, &k, &v))
				dict_set(d, k, v);
			if (inplace)
				return val_dup(a);
			return val_obj(d);
		}
	}
	if ((op == OP_OR || op == OP_AND || op == OP_SUB || op == OP_XOR) &&
	    ((a.tag == V_OBJ && IS_DICTVIEW_T(a.u.o->type) &&
	    a.u.o->type != TYPE(T_DICTVALUES)) || (b.tag == V_OBJ &&
	    IS_DICTVIEW_T(b.u.o->type) && b.u.o->type != TYPE(T_DICTVALUES)))) {
		struct val sa = vm_call(t, val_obj(TYPE(T_SET)), &a, 1, NULL), sb;

		if (sa.tag == V_NULL)
			return sa;
		sb = vm_call(t, val_obj(TYPE(T_SET)), &b, 1, NULL);
		if (sb.tag == V_NULL) {
			val_decref(sa);
			return sb;
		}
		r = set_binop(t, op, VAL_AS(set, sa), VAL_AS(set, sb));
		val_decref(sa);
		val_decref(sb);
		return r;
	}
	if (val_is_obj(a, L_SETO) && val_is_obj(b, L_SETO)) {
		if (inplace && !VAL_AS(set, a)->frozen &&
		    set_inplace(VAL_AS(set, a), op, VAL_AS(set, b)) == 0)
			return val_dup(a);	/* updated element by element */
		r = set_binop(t, op, VAL_AS(set, a), VAL_AS(set, b));
		if (r.tag != V_NULL)
			return r;
	}
	if (op == OP_MUL) {
		if ((b.tag == V_INT || b.tag == V_BOOL) && a.tag == V_OBJ &&
		    !(a.u.o->type->flags & TF_USER)) {
			r = seq_repeat(t, a, b.u.i);
			if (r.tag != V_NULL || t->exc.tag != V_NULL) {
				if (r.tag != V_NULL && inplace && IS_LIST(a)) {
					/* l *= n updates l. */
					struct list *la = VAL_AS(list, a), *lr = VAL_AS(list, r);
					struct val *tmp = la->items;
					int64_t n = la->len, cap = la->cap;

					la->items = lr->items;
					la->len = lr->len;
					la->cap = lr->cap;
					lr->items = tmp;
					lr->len = n;
					lr->cap = cap;
					val_decref(r);
					return val_dup(a);
				}
				return r;
			}
		}
		if ((a.tag == V_INT || a.tag == V_BOOL) && b.tag == V_OBJ &&
		    !(b.u.o->type->flags & TF_USER)) {
			r = seq_repeat(t, b, a.u.i);
			if (r.tag != V_NULL || t->exc.tag != V_NULL)
				return r;
		}
	}
	if (op == OP_MOD && IS_STR(a))
		return str_percent(t, VAL_AS(str, a), b);
	if (inplace && IS_LIST(a) && op == OP_ADD) {
		struct list *src = seq_to_list(t, b);
		int64_t i;

		if (src == NULL)
			return val_null();
		(void)i;
		list_extend_vals(VAL_AS(list, a), src->items, src->len);
		OBJ_DECREF(src);
		return val_dup(a);
	}
	/* User-defined operators. */
	if (inplace && (m = obj_dunder(a, binop_names[op].iname)).tag == V_OBJ) {
		r = obj_call_dunder(t, m, a, &b, 1);
		if (r.tag == V_NULL || !is_notimpl(r))
			return r;
		val_decref(r);
	}
	{
		int b_first = b.tag == V_OBJ && val_type(a) != val_type(b) &&
		    type_is_subtype(val_type(b), val_type(a)) &&
		    obj_dunder(b, binop_names[op].rname).tag == V_OBJ;
		int pass;

		for (pass = 0; pass < 2; pass++) {
			int use_b = (pass == 0) == b_first;

			if (use_b) {
				if (val_type(a) == val_type(b) && pass == 1)
					continue;
				m = obj_dunder(b, binop_names[op].rname);
				if (m.tag != V_OBJ)
					continue;
				r = obj_call_dunder(t, m, b, &a, 1);
			} else {
				m = obj_dunder(a, binop_names[op].name);
				if (m.tag != V_OBJ)
					continue;
				r = obj_call_dunder(t, m, a, &b, 1);
			}
			if (r.tag == V_NULL || !is_notimpl(r))
				return r;
			val_decref(r);
		}
	}
	if (inplace) {
		char sym[16];

		snprintf(sym, sizeof sym, "%s=", binop_names[op].sym);
		if (op == OP_POW)
			snprintf(sym, sizeof sym, "**=");
		return vm_type_error_unsupported(t, sym, a, b);
	}
	if (op == OP_ADD && IS_STR(a) && !IS_STR(b))
		return vm_raise(t, EXC(TypeError),
		    "can only concatenate str (not \"%s\") to str", val_type_name(b));
	if (op == OP_ADD && IS_LIST(a) && !IS_LIST(b))
		return vm_raise(t, EXC(TypeError),
		    "can only concatenate list (not \"%s\") to list", val_type_name(b));
	if (op == OP_ADD && IS_TUPLE(a) && !IS_TUPLE(b))
		return vm_raise(t, EXC(TypeError),
		    "can only concatenate tuple (not \"%s\") to tuple",
		    val_type_name(b));
	if (op == OP_MUL && ((a.tag == V_OBJ && (IS_STR(a) || IS_LIST(a) ||
	    IS_TUPLE(a)) && b.tag == V_FLOAT) || (b.tag == V_OBJ &&
	    (IS_STR(b) || IS_LIST(b) || IS_TUPLE(b)) && a.tag == V_FLOAT)))
		return vm_raise(t, EXC(TypeError),
		    "can't multiply sequence by non-int of type 'float'");
	if (op == OP_MUL && ((a.tag == V_OBJ && (IS_STR(a) || IS_LIST(a) ||
	    IS_TUPLE(a)) && b.tag == V_OBJ) || (b.tag == V_OBJ &&
	    (IS_STR(b) || IS_LIST(b) || IS_TUPLE(b)) && a.tag == V_OBJ)))
		return vm_raise(t, EXC(TypeError),
		    "can't multiply sequence by non-int of type '%s'",
		    (IS_STR(a) || IS_LIST(a) || IS_TUPLE(a)) ? val_type_name(b) :
		    val_type_name(a));
	return vm_type_error_unsupported(t, binop_names[op].sym, a, b);
}

/* Unary - + ~. */
struct val
obj_unary(struct vm_thread *t, int op, struct val v)
{
	struct val m;
	const char *name = op == OP_NEG ? "__neg__" : op == OP_POS ? "__pos__" :
	    "__invert__";

	if (v.tag == V_INT || v.tag == V_BOOL) {
		switch (op) {
		case OP_NEG:
			if (v.u.i == INT64_MIN)
				return int_overflow(t);
			return val_int(-v.u.i);
		case OP_POS:
			return val_int(v.u.i);
		case OP_INVERT:
			return val_int(~v.u.i);
		}
	}
	if (v.tag == V_FLOAT) {
		if (op == OP_NEG)
			return val_float(-v.u.f);
		if (op == OP_POS)
			return v;
	}
	if ((m = obj_dunder(v, name)).tag == V_OBJ)
		return obj_call_dunder(t, m, v, NULL, 0);
	return vm_raise(t, EXC(TypeError), "bad operand type for unary %s: '%s'",
	    op == OP_NEG ? "-" : op == OP_POS ? "+" : "~", val_type_name(v));
}

/* ---- attributes --------------------------------------------------------- */

/* Bind a class attribute found for an instance. */
static struct val
attr_bind(struct vm_thread *t, struct val descr, struct val obj, struct type *tp)
{
	if (descr.tag != V_OBJ)
		return val_dup(descr);
	switch (descr.u.o->type->layout) {
	case L_FUNC:
		return method_new(descr, obj);
	case L_CFUNC:
		if (((struct cfunc *)descr.u.o)->is_method) {
			struct cfunc *c = (struct cfunc *)descr.u.o, *b;

			b = cfunc_new(c->name, c->fn, obj);
			b->owner = c->owner;
			return val_obj(b);
		}
		return val_dup(descr);
	case L_STATICM:
		return val_dup(((struct wrapper *)descr.u.o)->fn);
	case L_CLASSM:
		return method_new(((struct wrapper *)descr.u.o)->fn,
		    val_obj(tp));
	case L_PROPERTY:
		{
			struct property *p = (struct property *)descr.u.o;

			if (p->fget.tag == V_NULL || p->fget.tag == V_NONE)
				return vm_raise(t, EXC(AttributeError),
				    "property object has no getter");
			return vm_call(t, p->fget, &obj, 1, NULL);
		}
	default:
		return val_dup(descr);
	}
}

/* Special attributes of builtin objects; V_NULL if none. */
static struct val
attr_special(struct vm_thread *t, struct val v, const char *n)
{
	struct type *tp = val_type(v);

	if (strcmp(n, "__class__") == 0)
		return val_dup(val_obj(tp));
	if (v.tag != V_OBJ) {
		if (strcmp(n, "real") == 0 && v.tag != V_NONE)
			return v.tag == V_BOOL ? val_int(v.u.i) : v;
		if (strcmp(n, "imag") == 0 && v.tag != V_NONE)
			return v.tag == V_FLOAT ? val_float(0) : val_int(0);
		if (strcmp(n, "numerator") == 0 && (v.tag == V_INT || v.tag == V_BOOL))
			return val_int(v.u.i);
		if (strcmp(n, "denominator") == 0 && (v.tag == V_INT || v.tag == V_BOOL))
			return val_int(1);
		return val_null();
	}
	switch (tp->layout) {
	case L_TYPE:
		{
			struct type *c = VAL_AS(type, v);

			/* A builtin "mod.name" is named "name", as in CPython. */
			const char *dot = (c->flags & TF_USER) ? NULL :
			    strrchr(c->name, '.');

			if (strcmp(n, "__name__") == 0)
				return val_obj(str_cstr(dot ? dot + 1 : c->name));
			if (strcmp(n, "__qualname__") == 0) {
				struct val q = dict_get_cstr(c->dict, "__qualname__");

				return IS_STR(q) ? val_dup(q) :
				    val_obj(str_cstr(dot ? dot + 1 : c->name));
			}
			if (strcmp(n, "__module__") == 0) {
				struct val q = dict_get_cstr(c->dict, "__module__");

				return q.tag != V_NULL ? val_dup(q) :
				    val_obj(str_cstr("builtins"));
			}
			if (strcmp(n, "__mro__") == 0)
				return val_dup(val_obj(c->mro));
			if (strcmp(n, "__bases__") == 0)
				return val_dup(val_obj(c->bases));
			if (strcmp(n, "__base__") == 0)
				return c->base ? val_dup(val_obj(c->base)) : val_none();
			if (strcmp(n, "__dict__") == 0)
				return val_obj(dict_copy(c->dict));
			if (strcmp(n, "__doc__") == 0) {
				struct val q = dict_get_cstr(c->dict, "__doc__");

				return q.tag != V_NULL ? val_dup(q) : val_none();
			}
		}
		break;
	case L_FUNC:
		{
			struct func *f = VAL_AS(func, v);

			if (strcmp(n, "__name__") == 0)
				return val_dup(val_obj(f->name));
			if (strcmp(n, "__qualname__") == 0)
				return val_dup(val_obj(f->qualname));
			if (strcmp(n, "__doc__") == 0)
				return val_dup(f->doc);
			if (strcmp(n, "__module__") == 0)
				return val_dup(f->module);
			if (strcmp(n, "__defaults__") == 0)
				return f->defaults ? val_dup(val_obj(f->defaults)) :
				    val_none();
			if (strcmp(n, "__code__") == 0)
				return val_dup(val_obj(f->code));
			if (strcmp(n, "__dict__") == 0) {
				if (f->dict == NULL)
					f->dict = dict_new();
				return val_dup(val_obj(f->dict));
			}
			if (f->dict != NULL) {
				struct val a = dict_get_cstr(f->dict, n);

				if (a.tag != V_NULL)
					return val_dup(a);
			}
		}
		break;
	case L_CFUNC:
		if (strcmp(n, "__name__") == 0 || strcmp(n, "__qualname__") == 0)
			return val_obj(str_cstr(VAL_AS(cfunc, v)->name));
		if (strcmp(n, "__self__") == 0)
			return VAL_AS(cfunc, v)->self.tag != V_NULL ?
			    val_dup(VAL_AS(cfunc, v)->self) : val_none();
		if (strcmp(n, "__doc__") == 0)
			return val_none();
		break;
	case L_METHOD:
		if (strcmp(n, "__self__") == 0)
			return val_dup(VAL_AS(method, v)->self);
		if (strcmp(n, "__func__") == 0)
			return val_dup(VAL_AS(method, v)->func);
		return obj_getattr_opt(t, VAL_AS(method, v)->func, str_intern(n));
	case L_EXC:
		{
			struct exc *e = VAL_AS(exc, v);

			if (strcmp(n, "args") == 0)
				return val_dup(val_obj(e->args));
			if (strcmp(n, "__cause__") == 0)
				return val_dup(e->cause);
			if (strcmp(n, "__context__") == 0)
				return val_dup(e->context);
			if (strcmp(n, "__suppress_context__") == 0)
				return val_bool(e->suppress_context);
			if (strcmp(n, "__traceback__") == 0)
				return val_none();
			if ((strcmp(n, "value") == 0 &&
			    type_is_subtype(tp, EXC(StopIteration))) ||
			    (strcmp(n, "code") == 0 &&
			    type_is_subtype(tp, EXC(SystemExit))))
				return val_dup(e->value);
		}
		break;
	case L_GEN:
		if (strcmp(n, "__name__") == 0)
			return val_dup(val_obj(VAL_AS(gen, v)->name));
		if (strcmp(n, "__qualname__") == 0)
			return val_dup(val_obj(VAL_AS(gen, v)->qualname));
		break;
	case L_MODULE:
		if (strcmp(n, "__dict__") == 0)
			return val_dup(val_obj(VAL_AS(module, v)->dict));
		break;
	case L_SLICE:
		if (strcmp(n, "start") == 0)
			return val_dup(VAL_AS(slice, v)->start);
		if (strcmp(n, "stop") == 0)
			return val_dup(VAL_AS(slice, v)->stop);
		if (strcmp(n, "step") == 0)
			return val_dup(VAL_AS(slice, v)->step);
		break;
	case L_RANGE:
		if (strcmp(n, "start") == 0)
			return val_int(VAL_AS(range, v)->start);
		if (strcmp(n, "stop") == 0)
			return val_int(VAL_AS(range, v)->stop);
		if (strcmp(n, "step") == 0)
			return val_int(VAL_AS(range, v)->step);
		break;
	case L_PROPERTY:
		if (strcmp(n, "fget") == 0)
			return val_dup(VAL_AS(property, v)->fget);
		if (strcmp(n, "__doc__") == 0)
			return val_dup(VAL_AS(property, v)->doc);
		break;
	case L_STATICM: case L_CLASSM:
		if (strcmp(n, "__func__") == 0)
			return val_dup(((struct wrapper *)v.u.o)->fn);
		break;
	case L_INST:
		if (strcmp(n, "__dict__") == 0 &&
		    (v.u.o->type->flags & TF_LOCAL)) {
			struct dict **dp = obj_dictp(v);

			return dp != NULL ? val_dup(val_obj(*dp)) : val_null();
		}
		if (strcmp(n, "__dict__") == 0) {
			struct instance *i = VAL_AS(instance, v);

			if (i->dict == NULL)
				i->dict = dict_new();
			return val_dup(val_obj(i->dict));
		}
		break;
	default:
		break;
	}
	return val_null();
}

/* The instance dict of an object, or NULL. */
struct dict **
obj_dictp(struct val v)
{
	if (v.tag != V_OBJ)
		return NULL;
	switch (v.u.o->type->layout) {
	case L_INST:
		if (v.u.o->type->flags & TF_LOCAL)
			return local_dictp(vm_cur, v);
		return &((struct instance *)v.u.o)->dict;
	case L_EXC:
		return &((struct exc *)v.u.o)->dict;
	case L_FUNC:
		return &((struct func *)v.u.o)->dict;
	default:
		return NULL;
	}
}

/*
 * The attribute dict at *dp, made on first use; two threads making it at
 * once agree on one (compare-and-swap; the loser frees its own).
 */
struct dict *
obj_dict_get_or_create(struct dict **dp)
{
	struct dict *d = __atomic_load_n(dp, __ATOMIC_ACQUIRE), *nd, *expect;

	if (d != NULL)
		return d;
	nd = dict_new();
	if (!LANG_FT) {
		*dp = nd;
		return nd;
	}
	expect = NULL;
	if (__atomic_compare_exchange_n(dp, &expect, nd, 0, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE))
		return nd;
	OBJ_DECREF(nd);
	return expect;
}

/* getattr without raising AttributeError (V_NULL, no exception if absent). */
struct val
obj_getattr_opt(struct vm_thread *t, struct val v, struct str *name)
{
	struct type	*tp = val_type(v);
	struct val	 descr, r;
	struct dict	**dp;

	if (v.tag == V_OBJ && tp->layout == L_INST &&
	    !(tp->flags & (TF_HAS_PROPERTY | TF_LOCAL))) {
		struct dict *d = __atomic_load_n(&((struct instance *)v.u.o)->dict,
		    __ATOMIC_ACQUIRE);

		if (d != NULL) {
			r = dict_getref_str(d, name);
			if (r.tag != V_NULL)
				return r;
		}
		descr = type_lookup(tp, name);
		if (descr.tag != V_NULL)
			return attr_bind(t, descr, v, tp);
		goto special;
	}
	if (v.tag == V_OBJ && tp->layout == L_MODULE) {
		r = dict_getref_str(VAL_AS(module, v)->dict, name);
		if (r.tag != V_NULL)
			return r;
		return attr_special(t, v, name->data);
	}
	if (v.tag == V_OBJ && tp->layout == L_TYPE) {
		struct type *c = VAL_AS(type, v);

		descr = type_lookup(c, name);
		if (descr.tag != V_NULL) {
			if (descr.tag == V_OBJ) {
				switch (descr.u.o->type->layout) {
				case L_CLASSM:
					return method_new(((struct wrapper *)descr.u.o)->fn, v);
				case L_STATICM:
					return val_dup(((struct wrapper *)descr.u.o)->fn);
				default:
					break;
				}
			}
			return val_dup(descr);
		}
		r = attr_special(t, v, name->data);
		if (r.tag != V_NULL)
			return r;
		descr = type_lookup(tp, name);
		if (descr.tag != V_NULL)
			return attr_bind(t, descr, v, tp);
		return val_null();
	}
	if (v.tag == V_OBJ && tp->layout == L_SUPER) {
		struct super	*s = VAL_AS(super, v);
		struct type	*st = val_is_obj(s->self, L_TYPE) ?
		    VAL_AS(type, s->self) : val_type(s->self);
		int64_t		 i;

		for (i = 0; st->mro != NULL && i < st->mro->len; i++)
			if (VAL_AS(type, st->mro->items[i]) == s->type)
				break;
		for (i++; st->mro != NULL && i < st->mro->len; i++) {
			struct type *b = VAL_AS(type, st->mro->items[i]);

			r = dict_get_str(b->dict, name);
			if (r.tag != V_NULL) {
				if (val_is_obj(s->self, L_TYPE)) {
					if (val_is_obj(r, L_CLASSM))
						return method_new(((struct wrapper *)
						    r.u.o)->fn, s->self);
					if (val_is_obj(r, L_STATICM))
						return val_dup(((struct wrapper *)
						    r.u.o)->fn);
					if (val_is_obj(r, L_CFUNC) &&
					    VAL_AS(cfunc, r)->is_method &&
					    strcmp(name->data, "__new__") != 0)
						return attr_bind(t, r, s->self, st);
					return val_dup(r);
				}
				return attr_bind(t, r, s->self, st);
			}
		}
		return val_null();
	}
	descr = type_lookup(tp, name);
	if (val_is_obj(descr, L_PROPERTY))
		return attr_bind(t, descr, v, tp);
	if ((dp = obj_dictp(v)) != NULL &&
	    __atomic_load_n(dp, __ATOMIC_ACQUIRE) != NULL) {
		r = dict_getref_str(__atomic_load_n(dp, __ATOMIC_ACQUIRE), name);
		if (r.tag != V_NULL)
			return r;
	}
	if (descr.tag != V_NULL)
		return attr_bind(t, descr, v, tp);
special:
	r = attr_special(t, v, name->data);
	if (r.tag != V_NULL || t->exc.tag != V_NULL)
		return r;
	if (tp->flags & TF_HAS_GETATTR) {
		struct val ga = type_lookup_cstr(tp, "__getattr__");
		struct val a = val_obj(name);

		r = obj_call_dunder(t, ga, v, &a, 1);
		if (r.tag == V_NULL && vm_exc_matches(t, EXC(AttributeError)))
			vm_clear_exc(t);
		return r;
	}
	return val_null();
}

/* getattr, raising AttributeError. */
static struct val obj_getattr_raise(struct vm_thread *, struct val,
    struct str *);

struct val
obj_getattr(struct vm_thread *t, struct val v, struct str *name)
{
	struct val r = obj_getattr_opt(t, v, name), d;

	if (r.tag != V_NULL || t->exc.tag != V_NULL)
		return r;
	d = vm_dir(t, v);
	if (d.tag == V_NULL)
		vm_clear_exc(t);
	obj_getattr_raise(t, v, name);
	if (d.tag != V_NULL) {
		vm_suggest(t, VAL_AS(list, d), name);
		val_decref(d);
	}
	return val_null();
}

/* Raise the AttributeError for a missing attribute. */
static struct val
obj_getattr_raise(struct vm_thread *t, struct val v, struct str *name)
{
	if (val_is_obj(v, L_MODULE))
		return vm_raise(t, EXC(AttributeError),
		    "module '%s' has no attribute '%s'",
		    VAL_AS(module, v)->name->data, name->data);
	if (val_is_obj(v, L_TYPE))
		return vm_raise(t, EXC(AttributeError),
		    "type object '%s' has no attribute '%s'",
		    VAL_AS(type, v)->name, name->data);
	if (val_is_obj(v, L_SUPER))
		return vm_raise(t, EXC(AttributeError),
		    "'super' object has no attribute '%s'", name->data);
	return vm_raise(t, EXC(AttributeError), "'%s' object has no attribute '%s'",
	    val_type_name(v), name->data);
}

int
obj_setattr(struct vm_thread *t, struct val v, struct str *name, struct val x)
{
	struct type	*tp = val_type(v);
	struct dict	**dp;
	struct val	 descr;

	if (v.tag == V_OBJ && tp->layout == L_TYPE) {
		struct type *c = VAL_AS(type, v);

		if (!(c->flags & TF_USER)) {
			vm_raise(t, EXC(TypeError),
			    "cannot set '%s' attribute of immutable type '%s'",
			    name->data, c->name);
			return -1;
		}
		if (strcmp(name->data, "__getattr__") == 0)
			c->flags |= TF_HAS_GETATTR;
		if (strcmp(name->data, "__setattr__") == 0)
			c->flags |= TF_HAS_SETATTR;
		if (val_is_obj(x, L_PROPERTY))
			c->flags |= TF_HAS_PROPERTY;
		__atomic_fetch_add(&c->version, 1, __ATOMIC_RELAXED);
		return dict_set_str(c->dict, name, x);
	}
	if (v.tag == V_OBJ && tp->layout == L_MODULE)
		return dict_set_str(VAL_AS(module, v)->dict, name, x);
	if (v.tag == V_OBJ && tp->layout == L_INST &&
	    !(tp->flags & (TF_HAS_PROPERTY | TF_HAS_SETATTR | TF_LOCAL))) {
		struct dict **ip = &((struct instance *)v.u.o)->dict;

		return dict_set_str(obj_dict_get_or_create(ip), name, x);
	}
	if (tp->flags & TF_HAS_SETATTR) {
		descr = type_lookup_cstr(tp, "__setattr__");
		if (descr.tag == V_OBJ && descr.u.o->type->layout == L_FUNC) {
			struct val a[2], r;

			a[0] = val_obj(name);
			a[1] = x;
			r = obj_call_dunder(t, descr, v, a, 2);
			if (r.tag == V_NULL)
				return -1;
			val_decref(r);
			return 0;
		}
	}
	descr = type_lookup(tp, name);
	if (val_is_obj(descr, L_PROPERTY)) {
		struct property *p = VAL_AS(property, descr);
		struct val a[2], r;

		if (p->fset.tag == V_NULL || p->fset.tag == V_NONE) {
			vm_raise(t, EXC(AttributeError),
			    "property '%s' of '%s' object has no setter",
			    name->data, tp->name);
			return -1;
		}
		a[0] = v;
		a[1] = x;
		r = vm_call(t, p->fset, a, 2, NULL);
		if (r.tag == V_NULL)
			return -1;
		val_decref(r);
		return 0;
	}
	if ((dp = obj_dictp(v)) != NULL)
		return dict_set_str(obj_dict_get_or_create(dp), name, x);
	if (descr.tag != V_NULL)
		vm_raise(t, EXC(AttributeError),
		    "'%s' object attribute '%s' is read-only", tp->name, name->data);
	else
		vm_raise(t, EXC(AttributeError), "'%s' object has no attribute '%s'",
		    tp->name, name->data);
	return -1;
}

int
obj_delattr(struct vm_thread *t, struct val v, struct str *name)
{
	struct dict	**dp;
	struct type	*tp = val_type(v);
	struct val	 descr = type_lookup(tp, name);

	if (val_is_obj(descr, L_PROPERTY)) {
		struct property *p = VAL_AS(property, descr);
		struct val r;

		if (p->fdel.tag == V_NULL || p->fdel.tag == V_NONE) {
			vm_raise(t, EXC(AttributeError),
			    "property '%s' of '%s' object has no deleter",
			    name->data, tp->name);
			return -1;
		}
		r = vm_call(t, p->fdel, &v, 1, NULL);
		if (r.tag == V_NULL)
			return -1;
		val_decref(r);
		return 0;
	}
	if (val_is_obj(v, L_TYPE) && (VAL_AS(type, v)->flags & TF_USER)) {
		if (dict_del(VAL_AS(type, v)->dict, val_obj(name)) > 0)
			return 0;
	} else if (val_is_obj(v, L_MODULE)) {
		if (dict_del(VAL_AS(module, v)->dict, val_obj(name)) > 0)
			return 0;
	} else if ((dp = obj_dictp(v)) != NULL && *dp != NULL) {
		if (dict_del(*dp, val_obj(name)) > 0)
			return 0;
	}
	vm_raise(t, EXC(AttributeError), "'%s' object has no attribute '%s'",
	    tp->name, name->data);
	return -1;
}

/* ---- items -------------------------------------------------------------- */

/* Convert an index value to int64. */
int
val_to_index(struct vm_thread *t, struct val v, int64_t *out)
{
	if (v.tag == V_INT || v.tag == V_BOOL) {
		*out = v.u.i;
		return 0;
	}
	if (v.tag == V_OBJ) {
		struct val m = obj_dunder(v, "__index__");

		if (m.tag == V_OBJ) {
			struct val r = obj_call_dunder(t, m, v, NULL, 0);

			if (r.tag == V_NULL)
				return -1;
			if (r.tag == V_INT) {
				*out = r.u.i;
				return 0;
			}
			val_decref(r);
		}
	}
	vm_raise(t, EXC(TypeError),
	    "'%s' object cannot be interpreted as an integer", val_type_name(v));
	return -1;
}

/* Resolve a slice against a length (CPython's PySlice_AdjustIndices). */
int
slice_indices(struct vm_thread *t, struct slice *s, int64_t len, int64_t *start,
    int64_t *stop, int64_t *step, int64_t *slicelen)
{
	int64_t st = 1, lo, hi;

	if (s->step.tag != V_NONE) {
		if (val_to_index(t, s->step, &st) < 0)
			return -1;
		if (st == 0) {
			vm_raise(t, EXC(ValueError), "slice step cannot be zero");
			return -1;
		}
	}
	if ((s->start.tag != V_NONE && s->start.tag != V_INT && s->start.tag != V_BOOL &&
	    obj_dunder(s->start, "__index__").tag == V_NULL) ||
	    (s->stop.tag != V_NONE && s->stop.tag != V_INT && s->stop.tag != V_BOOL &&
	    obj_dunder(s->stop, "__index__").tag == V_NULL)) {
		vm_raise(t, EXC(TypeError),
		    "slice indices must be integers or None or have an __index__ method");
		return -1;
	}
	if (s->start.tag == V_NONE)
		lo = st < 0 ? len - 1 : 0;
	else {
		if (val_to_index(t, s->start, &lo) < 0)
			return -1;
		if (lo < 0) {
			lo += len;
			if (lo < 0)
				lo = st < 0 ? -1 : 0;
		} else if (lo >= len)
			lo = st < 0 ? len - 1 : len;
	}
	if (s->stop.tag == V_NONE)
		hi = st < 0 ? -1 : len;
	else {
		if (val_to_index(t, s->stop, &hi) < 0)
			return -1;
		if (hi < 0) {
			hi += len;
			if (hi < 0)
				hi = st < 0 ? -1 : 0;
		} else if (hi >= len)
			hi = st < 0 ? len - 1 : len;
	}
	*start = lo;
	*stop = hi;
	*step = st;
	if (st < 0)
		*slicelen = lo > hi ? (lo - hi - 1) / (-st) + 1 : 0;
	else
		*slicelen = lo < hi ? (hi - lo - 1) / st + 1 : 0;
	return 0;
}

struct val
obj_getitem(struct vm_thread *t, struct val c, struct val k)
{
	struct val	m;
	int64_t		i;

	if (c.tag == V_OBJ) {
		switch (c.u.o->type->layout) {
		case L_LIST: case L_TUPLE:
			{
				int		 islist = c.u.o->type->layout == L_LIST;
				struct val	*items = NULL, *snap = NULL;
				int64_t		 n = 0;

				/* Free-threaded: a shared list is read locked. */
				if (islist && LANG_FT) {
					if (val_is_obj(k, L_SLICE))
						items = snap = list_snapshot(c, &n);
				} else {
					items = islist ? VAL_AS(list, c)->items :
					    VAL_AS(tuple, c)->items;
					n = islist ? VAL_AS(list, c)->len :
					    VAL_AS(tuple, c)->len;
				}
				if (val_is_obj(k, L_SLICE)) {
					int64_t lo, hi, st, sl, j;

					if (slice_indices(t, VAL_AS(slice, k), n, &lo,
					    &hi, &st, &sl) < 0) {
						if (snap != NULL)
							val_array_free(snap, n);
						return val_null();
					}
					if (islist) {
						struct list *l = list_new(sl);

						for (j = 0; j < sl; j++)
							l->items[j] = val_dup(items[lo + j * st]);
						l->len = sl;
						if (snap != NULL)
							val_array_free(snap, n);
						return val_obj(l);
					} else {
						struct tuple *tu = tuple_new(sl);

						for (j = 0; j < sl; j++)
							tu->items[j] = val_dup(items[lo + j * st]);
						return val_obj(tu);
					}
				}
				if (k.tag != V_INT && k.tag != V_BOOL &&
				    obj_dunder(k, "__index__").tag == V_NULL)
					return vm_raise(t, EXC(TypeError),
					    "%s indices must be integers or slices, not %s",
					    islist ? "list" : "tuple", val_type_name(k));
				if (val_to_index(t, k, &i) < 0)
					return val_null();
				if (islist && LANG_FT) {
					m = list_getref(VAL_AS(list, c), i);
					if (m.tag == V_NULL)
						return vm_raise(t, EXC(IndexError),
						    "list index out of range");
					return m;
				}
				if (i < 0)
					i += n;
				if (i < 0 || i >= n)
					return vm_raise(t, EXC(IndexError),
					    "%s index out of range",
					    islist ? "list" : "tuple");
				return val_dup(items[i]);
			}
		case L_DICT:
			{
				struct val r = dict_getref(VAL_AS(dict, c), k);

				if (r.tag != V_NULL)
					return r;
				if (t->exc.tag != V_NULL)
					return val_null();
				if (c.u.o->type != TYPE(T_DICT)) {
					m = obj_dunder(c, "__missing__");
					if (m.tag == V_OBJ)
						return obj_call_dunder(t, m, c, &k, 1);
				}
				return vm_raise_val(t, exc_new(EXC(KeyError), &k, 1));
			}
		case L_STR:
			{
				struct str *s = VAL_AS(str, c);

				if (val_is_obj(k, L_SLICE)) {
					int64_t lo, hi, st, sl, j;
					struct buf b;

					if (slice_indices(t, VAL_AS(slice, k), s->nchars,
					    &lo, &hi, &st, &sl) < 0)
						return val_null();
					if (s->ascii && st == 1)
						return val_obj(str_new(s->data + lo, (size_t)sl));
					buf_init(&b);
					for (j = 0; j < sl; j++) {
						struct str *ch = str_char_at(s, lo + j * st);

						buf_add(&b, ch->data, (size_t)ch->len);
						OBJ_DECREF(ch);
					}
					return val_obj(str_from_buf(&b));
				}
				if (k.tag != V_INT && k.tag != V_BOOL)
					return vm_raise(t, EXC(TypeError),
					    "string indices must be integers, not '%s'",
					    val_type_name(k));
				i = k.u.i;
				if (i < 0)
					i += s->nchars;
				if (i < 0 || i >= s->nchars)
					return vm_raise(t, EXC(IndexError),
					    "string index out of range");
				return val_obj(str_char_at(s, i));
			}
		case L_BYTES:
			{
				struct bytes *b = VAL_AS(bytes, c);

				if (val_is_obj(k, L_SLICE)) {
					int64_t lo, hi, st, sl, j;
					struct bytes *r;

					if (slice_indices(t, VAL_AS(slice, k), b->len,
					    &lo, &hi, &st, &sl) < 0)
						return val_null();
					r = bytes_new(NULL, sl);
					for (j = 0; j < sl; j++)
						r->data[j] = b->data[lo + j * st];
					return val_obj(r);
				}
				if (val_to_index(t, k, &i) < 0)
					return val_null();
				if (i < 0)
					i += b->len;
				if (i < 0 || i >= b->len)
					return vm_raise(t, EXC(IndexError),
					    "index out of range");
				return val_int(b->data[i]);
			}
		case L_RANGE:
			{
				struct range *r = VAL_AS(range, c);

				if (val_is_obj(k, L_SLICE)) {
					int64_t lo, hi, st, sl;

					if (slice_indices(t, VAL_AS(slice, k), r->len,
					    &lo, &hi, &st, &sl) < 0)
						return val_null();
					return range_new(r->start + lo * r->step,
					    r->start + lo * r->step + sl * st * r->step,
					    st * r->step);
				}
				if (val_to_index(t, k, &i) < 0)
					return val_null();
				if (i < 0)
					i += r->len;
				if (i < 0 || i >= r->len)
					return vm_raise(t, EXC(IndexError),
					    "range object index out of range");
				return val_int(r->start + i * r->step);
			}
		case L_TYPE:
			/* list[int] and friends: generic aliases are the type. */
			if (!(VAL_AS(type, c)->flags & TF_USER) ||
			    type_lookup_cstr(VAL_AS(type, c), "__class_getitem__").tag == V_NULL)
				return val_dup(c);
			break;
		default:
			break;
		}
	}
	m = obj_dunder(c, "__getitem__");
	if (m.tag == V_OBJ)
		return obj_call_dunder(t, m, c, &k, 1);
	return vm_raise(t, EXC(TypeError), "'%s' object is not subscriptable",
	    val_type_name(c));
}

int
obj_setitem(struct vm_thread *t, struct val c, struct val k, struct val v)
{
	struct val	m;
	int64_t		i;

	if (c.tag == V_OBJ) {
		switch (c.u.o->type->layout) {
		case L_LIST:
			{
				struct list *l = VAL_AS(list, c);

				if (val_is_obj(k, L_SLICE)) {
					int64_t lo, hi, st, sl, j;
					struct list *src = seq_to_list(t, v);

					if (src == NULL)
						return -1;
					if (slice_indices(t, VAL_AS(slice, k), l->len,
					    &lo, &hi, &st, &sl) < 0) {
						OBJ_DECREF(src);
						return -1;
					}
					if (st == 1) {
						int64_t		 newlen;
						struct val	*gone;

						/* Under l's stripe (free-threaded), re-clamped. */
						obj_lock(l);
						if (hi > l->len)
							hi = l->len;
						if (lo > l->len)
							lo = l->len;
						if (hi < lo)
							hi = lo;
						gone = xreallocarray(NULL, (size_t)(hi - lo) + 1,
						    sizeof *gone);
						memcpy(gone, l->items + lo,
						    sizeof *gone * (size_t)(hi - lo));
						newlen = l->len - (hi - lo) + src->len;
						if (newlen > l->cap) {
							l->cap = newlen;
							l->items = xreallocarray(l->items,
							    (size_t)l->cap, sizeof *l->items);
						}
						memmove(l->items + lo + src->len, l->items + hi,
						    sizeof *l->items * (size_t)(l->len - hi));
						for (j = 0; j < src->len; j++)
							l->items[lo + j] = val_dup(src->items[j]);
						__atomic_store_n(&l->len, newlen,
						    __ATOMIC_RELAXED);
						obj_unlock(l);
						val_array_free(gone, hi - lo);
					} else {
						if (src->len != sl) {
							vm_raise(t, EXC(ValueError),
							    "attempt to assign sequence of size %lld to extended slice of size %lld",
							    (long long)src->len, (long long)sl);
							OBJ_DECREF(src);
							return -1;
						}
						obj_lock(l);
						if (sl > 0 && (lo >= l->len || lo + (sl - 1) * st >=
						    l->len || lo + (sl - 1) * st < 0)) {
							/* Shrunk by another thread meanwhile. */
							obj_unlock(l);
							OBJ_DECREF(src);
							vm_raise(t, EXC(IndexError),
							    "list assignment index out of range");
							return -1;
						}
						for (j = 0; j < sl; j++) {
							struct val old = l->items[lo + j * st];

							l->items[lo + j * st] = src->items[j];
							src->items[j] = old;
						}
						obj_unlock(l);
					}
					OBJ_DECREF(src);
					return 0;
				}
				if (k.tag != V_INT && k.tag != V_BOOL &&
				    obj_dunder(k, "__index__").tag == V_NULL) {
					vm_raise(t, EXC(TypeError),
					    "list indices must be integers or slices, not %s",
					    val_type_name(k));
					return -1;
				}
				if (val_to_index(t, k, &i) < 0)
					return -1;
				if (list_setitem(l, i, v) < 0) {
					vm_raise(t, EXC(IndexError),
					    "list assignment index out of range");
					return -1;
				}
				return 0;
			}
		case L_DICT:
			if (!(c.u.o->type->flags & TF_USER) ||
			    obj_dunder(c, "__setitem__").tag == V_NULL)
				return dict_set(VAL_AS(dict, c), k, v);
			break;
		default:
			break;
		}
	}
	m = obj_dunder(c, "__setitem__");
	if (m.tag == V_OBJ) {
		struct val a[2], r;

		a[0] = k;
		a[1] = v;
		r = obj_call_dunder(t, m, c, a, 2);
		if (r.tag == V_NULL)
			return -1;
		val_decref(r);
		return 0;
	}
	vm_raise(t, EXC(TypeError), "'%s' object does not support item assignment",
	    val_type_name(c));
	return -1;
}

int
obj_delitem(struct vm_thread *t, struct val c, struct val k)
{
	struct val	m;
	int64_t		i;

	if (IS_LIST(c)) {
		struct list *l = VAL_AS(list, c);

		if (val_is_obj(k, L_SLICE)) {
			int64_t lo, hi, st, sl, j, w = 0;
			char *del;

			if (slice_indices(t, VAL_AS(slice, k), list_len(l), &lo, &hi,
			    &st, &sl) < 0)
				return -1;
			/* Dealloc takes no stripe: dropping under it is safe. */
			obj_lock(l);
			del = xcalloc((size_t)l->len + 1, 1);
			for (j = 0; j < sl; j++)
				if (lo + j * st >= 0 && lo + j * st < l->len)
					del[lo + j * st] = 1;
			for (j = 0; j < l->len; j++) {
				if (del[j])
					val_decref(l->items[j]);
				else
					l->items[w++] = l->items[j];
			}
			__atomic_store_n(&l->len, w, __ATOMIC_RELAXED);
			obj_unlock(l);
			free(del);
			return 0;
		}
		if (val_to_index(t, k, &i) < 0)
			return -1;
		{
			struct val old;

			if (list_take(l, i, &old) < 0) {
				vm_raise(t, EXC(IndexError),
				    "list assignment index out of range");
				return -1;
			}
			val_decref(old);
		}
		return 0;
	}
	if (IS_DICT(c) && obj_dunder(c, "__delitem__").tag == V_NULL) {
		int r = dict_del(VAL_AS(dict, c), k);

		if (r < 0)
			return -1;
		if (r == 0) {
			vm_raise_val(t, exc_new(EXC(KeyError), &k, 1));
			return -1;
		}
		return 0;
	}
	m = obj_dunder(c, "__delitem__");
	if (m.tag == V_OBJ) {
		struct val r = obj_call_dunder(t, m, c, &k, 1);

		if (r.tag == V_NULL)
			return -1;
		val_decref(r);
		return 0;
	}
	vm_raise(t, EXC(TypeError), "'%s' object doesn't support item deletion",
	    val_type_name(c));
	return -1;
}

/* len(v) */
int64_t
obj_len(struct vm_thread *t, struct val v)
{
	struct val m;

	if (v.tag == V_OBJ) {
		switch (v.u.o->type->layout) {
		case L_STR: return VAL_AS(str, v)->nchars;
		/* Containers others may change: a relaxed atomic snapshot. */
		case L_LIST: return list_len(VAL_AS(list, v));
		case L_TUPLE: return VAL_AS(tuple, v)->len;
		case L_DICT:
			return __atomic_load_n(&VAL_AS(dict, v)->len, __ATOMIC_RELAXED);
		case L_SETO:
			return __atomic_load_n(&VAL_AS(set, v)->len, __ATOMIC_RELAXED);
		case L_RANGE: return VAL_AS(range, v)->len;
		case L_BYTES: return VAL_AS(bytes, v)->len;
		default: break;
		}
		if (IS_DICTVIEW_T(v.u.o->type))
			return __atomic_load_n(&((struct dictview *)v.u.o)->d->len,
			    __ATOMIC_RELAXED);
	}
	m = obj_dunder(v, "__len__");
	if (m.tag == V_OBJ) {
		struct val r = obj_call_dunder(t, m, v, NULL, 0);

		if (r.tag == V_NULL)
			return -1;
		if (r.tag != V_INT && r.tag != V_BOOL) {
			vm_raise(t, EXC(TypeError),
			    "'%s' object cannot be interpreted as an integer",
			    val_type_name(r));
			val_decref(r);
			return -1;
		}
		if (r.u.i < 0) {
			vm_raise(t, EXC(ValueError), "__len__() should return >= 0");
			return -1;
		}
		return r.u.i;
	}
	vm_raise(t, EXC(TypeError), "object of type '%s' has no len()",
	    val_type_name(v));
	return -1;
}

/* item in container */
int
obj_contains(struct vm_thread *t, struct val c, struct val x)
{
	struct val	m;
	int64_t		i;

	if (c.tag == V_OBJ) {
		switch (c.u.o->type->layout) {
		case L_LIST: case L_TUPLE:
			{
				int islist = c.u.o->type->layout == L_LIST;

				if (islist && LANG_FT) {
					/* Each item read locked, compared unlocked. */
					for (i = 0;; i++) {
						struct val y = list_getref(VAL_AS(list, c), i);
						int r;

						if (y.tag == V_NULL)
							return 0;
						r = obj_eq(t, y, x);
						val_decref(y);
						if (r != 0)
							return r;
					}
				}
				for (i = 0; i < (islist ? VAL_AS(list, c)->len :
				    VAL_AS(tuple, c)->len); i++) {
					int r = obj_eq(t, islist ? VAL_AS(list, c)->items[i] :
					    VAL_AS(tuple, c)->items[i], x);

					if (r != 0)
						return r;
				}
				return 0;
			}
		case L_DICT:
			{
				struct val r = dict_get(VAL_AS(dict, c), x);

				if (r.tag == V_NULL && t->exc.tag != V_NULL)
					return -1;
				return r.tag != V_NULL;
			}
		case L_SETO:
			{
				int r = set_contains(VAL_AS(set, c), x);

				return r;
			}
		case L_STR:
			if (!IS_STR(x)) {
				vm_raise(t, EXC(TypeError),
				    "'in <string>' requires string as left operand, not %s",
				    val_type_name(x));
				return -1;
			}
			{
				struct str *s = VAL_AS(str, c), *n = VAL_AS(str, x);

				if (n->len == 0)
					return 1;
				return memmem(s->data, (size_t)s->len, n->data,
				    (size_t)n->len) != NULL;
			}
		case L_RANGE:
			if (x.tag == V_INT || x.tag == V_BOOL) {
				struct range *r = VAL_AS(range, c);
				int64_t v = x.u.i;

				if (r->step > 0 ? (v < r->start || v >= r->stop) :
				    (v > r->start || v <= r->stop))
					return 0;
				return (v - r->start) % r->step == 0;
			}
			break;
		case L_BYTES:
			if (x.tag == V_INT) {
				struct bytes *b = VAL_AS(bytes, c);

				for (i = 0; i < b->len; i++)
					if (b->data[i] == x.u.i)
						return 1;
				return 0;
			}
			break;
		default:
			if (IS_DICTVIEW_T(c.u.o->type) &&
			    ((struct dictview *)c.u.o)->kind == IT_DICT_KEYS) {
				struct val r = dict_get(((struct dictview *)c.u.o)->d, x);

				if (r.tag == V_NULL && t->exc.tag != V_NULL)
					return -1;
				return r.tag != V_NULL;
			}
			break;
		}
	}
	m = obj_dunder(c, "__contains__");
	if (m.tag == V_OBJ) {
		struct val r = obj_call_dunder(t, m, c, &x, 1);
		int b;

		if (r.tag == V_NULL)
			return -1;
		b = obj_truth(t, r);
		val_decref(r);
		return b;
	}
	{
		struct val it = obj_iter(t, c);
		int done;

		if (it.tag == V_NULL) {
			if (vm_exc_matches(t, EXC(TypeError))) {
				vm_clear_exc(t);
				vm_raise(t, EXC(TypeError),
				    "argument of type '%s' is not iterable",
				    val_type_name(c));
			}
			return -1;
		}
		for (;;) {
			struct val v = obj_next(t, it, &done);
			int r;

			if (done || v.tag == V_NULL) {
				val_decref(it);
				return done ? 0 : -1;
			}
			r = obj_eq(t, v, x);
			val_decref(v);
			if (r != 0) {
				val_decref(it);
				return r;
			}
		}
	}
}

/* ---- iteration ---------------------------------------------------------- */

static struct val
iter_new(int kind, struct val src, int64_t n)
{
	struct iter *it = obj_alloc(TYPE(T_ITERATOR), sizeof *it);

	it->kind = kind;
	it->src = val_dup(src);
	it->n = n;
	it->fn = val_null();
	return val_obj(it);
}

/* iter(v) */
struct val
obj_iter(struct vm_thread *t, struct val v)
{
	struct val m;

	if (v.tag == V_OBJ) {
		switch (v.u.o->type->layout) {
		case L_LIST: return iter_new(IT_LIST, v, 0);
		case L_TUPLE: return iter_new(IT_TUPLE, v, 0);
		case L_STR: return iter_new(IT_STR, v, 0);
		case L_BYTES: return iter_new(IT_BYTES, v, 0);
		case L_RANGE:
			{
				struct val it = iter_new(IT_RANGE, v, VAL_AS(range, v)->step);

				VAL_AS(iter, it)->i = VAL_AS(range, v)->start;
				return it;
			}
		case L_DICT:
			if (!(v.u.o->type->flags & TF_USER) ||
			    obj_dunder(v, "__iter__").tag == V_NULL)
				return iter_new(IT_DICT_KEYS, v, __atomic_load_n(
				    &VAL_AS(dict, v)->len, __ATOMIC_RELAXED));
			break;
		case L_SETO:
			return iter_new(IT_SET, v, __atomic_load_n(&VAL_AS(set, v)->len,
			    __ATOMIC_RELAXED));
		case L_ITER: case L_GEN: return val_dup(v);
		default: break;
		}
		if (IS_DICTVIEW_T(v.u.o->type)) {
			struct dictview *dv = (struct dictview *)v.u.o;

			return iter_new(dv->kind, val_obj(dv->d),
			    __atomic_load_n(&dv->d->len, __ATOMIC_RELAXED));
		}
	}
	m = obj_dunder(v, "__iter__");
	if (m.tag == V_OBJ) {
		struct val r = obj_call_dunder(t, m, v, NULL, 0);

		if (r.tag == V_NULL)
			return r;
		if (r.tag != V_OBJ || (r.u.o->type->layout != L_ITER &&
		    r.u.o->type->layout != L_GEN &&
		    obj_dunder(r, "__next__").tag == V_NULL)) {
			vm_raise(t, EXC(TypeError),
			    "iter() returned non-iterator of type '%s'",
			    val_type_name(r));
			val_decref(r);
			return val_null();
		}
		return r;
	}
	if (obj_dunder(v, "__getitem__").tag == V_OBJ)
		return iter_new(IT_SEQ, v, 0);
	return vm_raise(t, EXC(TypeError), "'%s' object is not iterable",
	    val_type_name(v));
}

/* next(it): *done set at exhaustion (no exception then). */
struct val
obj_next(struct vm_thread *t, struct val v, int *done)
{
	struct val m;

	*done = 0;
	if (val_is_obj(v, L_ITER)) {
		struct iter *it = VAL_AS(iter, v);

		switch (it->kind) {
		case IT_LIST:
			{
				struct list	*l = VAL_AS(list, it->src);
				struct val	 r = val_null();

				/* it->i too is guarded by the list's stripe. */
				obj_lock(l);
				if (it->i < l->len)
					r = val_dup(l->items[it->i++]);
				obj_unlock(l);
				if (r.tag != V_NULL)
					return r;
			}
			break;
		case IT_TUPLE:
			if (it->i < VAL_AS(tuple, it->src)->len)
				return val_dup(VAL_AS(tuple, it->src)->items[it->i++]);
			break;
		case IT_STR:
			{
				struct str *s = VAL_AS(str, it->src);

				if (it->i < s->len) {
					int64_t cp, n = s->ascii ? 1 :
					    utf8_decode(s->data + it->i, s->len - it->i, &cp);
					struct str *c;

					if (n == 1 && (unsigned char)s->data[it->i] < 128) {
						c = INTERP->chars[(unsigned char)s->data[it->i]];
						OBJ_INCREF(c);
					} else
						c = str_new(s->data + it->i, (size_t)n);
					it->i += n;
					return val_obj(c);
				}
			}
			break;
		case IT_BYTES:
			if (it->i < VAL_AS(bytes, it->src)->len)
				return val_int(VAL_AS(bytes, it->src)->data[it->i++]);
			break;
		case IT_RANGE:
			{
				struct range *r = VAL_AS(range, it->src);

				if (it->n > 0 ? it->i < r->stop : it->i > r->stop) {
					int64_t x = it->i;

					it->i += it->n;
					return val_int(x);
				}
			}
			break;
		case IT_DICT_KEYS: case IT_DICT_VALUES: case IT_DICT_ITEMS:
			{
				struct dict	*d = VAL_AS(dict, it->src);
				struct val	 k, x;
				int		 more;

				obj_lock(d);
				if (d->len != it->n) {
					it->n = -1;
					obj_unlock(d);
					return vm_raise(t, EXC(RuntimeError),
					    "dictionary changed size during iteration");
				}
				more = dict_next(d, &it->i, &k, &x);
				if (more) {
					val_incref(k);
					val_incref(x);
				}
				obj_unlock(d);
				if (more) {
					struct tuple *tu;

					if (it->kind == IT_DICT_KEYS) {
						val_decref(x);
						return k;
					}
					if (it->kind == IT_DICT_VALUES) {
						val_decref(k);
						return x;
					}
					tu = tuple_new(2);
					tu->items[0] = k;
					tu->items[1] = x;
					return val_obj(tu);
				}
			}
			break;
		case IT_SET:
			{
				struct set	*st = VAL_AS(set, it->src);
				struct val	 k;
				int		 more;

				obj_lock(st);
				if (st->len != it->n) {
					obj_unlock(st);
					return vm_raise(t, EXC(RuntimeError),
					    "Set changed size during iteration");
				}
				more = set_next(st, &it->i, &k);
				if (more)
					val_incref(k);
				obj_unlock(st);
				if (more)
					return k;
			}
			break;
		case IT_SEQ:
			{
				struct val r = obj_getitem(t, it->src, val_int(it->i));

				if (r.tag == V_NULL) {
					if (vm_exc_matches(t, EXC(IndexError)) ||
					    vm_exc_matches(t, EXC(StopIteration))) {
						vm_clear_exc(t);
						break;
					}
					return r;
				}
				it->i++;
				return r;
			}
		case IT_ENUMERATE:
			{
				struct val x = obj_next(t, it->src, done);

				if (*done || x.tag == V_NULL)
					return x;
				{
					struct tuple *tu = tuple_new(2);

					tu->items[0] = val_int(it->i++);
					tu->items[1] = x;
					return val_obj(tu);
				}
			}
		case IT_ZIP:
			{
				struct tuple	*tu;
				int64_t		 j;

				if (it->its->len == 0)
					break;
				tu = tuple_new(it->its->len);
				for (j = 0; j < it->its->len; j++) {
					struct val x = obj_next(t, it->its->items[j], done);

					if (*done || x.tag == V_NULL) {
						OBJ_DECREF(tu);
						if (*done && it->n && j > 0)
							goto zip_strict_short;
						if (*done && it->n && j == 0) {
							int64_t q;

							for (q = 1; q < it->its->len; q++) {
								int d2;
								struct val y = obj_next(t,
								    it->its->items[q], &d2);

								if (y.tag == V_NULL && !d2)
									return y;
								if (!d2) {
									val_decref(y);
									*done = 0;
									return vm_raise(t,
									    EXC(ValueError),
									    "zip() argument %lld is longer than argument%s%s",
									    (long long)q + 1,
									    q == 1 ? " " : "s 1-",
									    q == 1 ? "1" : "");
								}
							}
						}
						return x;
					}
					tu->items[j] = x;
				}
				return val_obj(tu);
zip_strict_short:
				*done = 0;
				return vm_raise(t, EXC(ValueError),
				    "zip() argument %lld is shorter than argument%s%s",
				    (long long)j + 1, j == 1 ? " " : "s 1-",
				    j == 1 ? "1" : "");
			}
		case IT_MAP:
			{
				struct val	 args[8], r;
				int64_t		 j, n = it->its->len;

				if (n > 8)
					return vm_raise(t, EXC(TypeError),
					    "map() with more than 8 iterables");
				for (j = 0; j < n; j++) {
					args[j] = obj_next(t, it->its->items[j], done);
					if (*done || args[j].tag == V_NULL) {
						while (j-- > 0)
							val_decref(args[j]);
						return val_null();
					}
				}
				r = vm_call(t, it->fn, args, (int)n, NULL);
				for (j = 0; j < n; j++)
					val_decref(args[j]);
				return r;
			}
		case IT_FILTER:
			for (;;) {
				struct val x = obj_next(t, it->src, done), r;
				int b;

				if (*done || x.tag == V_NULL)
					return x;
				if (it->fn.tag == V_NONE)
					b = obj_truth(t, x);
				else {
					r = vm_call(t, it->fn, &x, 1, NULL);
					if (r.tag == V_NULL) {
						val_decref(x);
						return r;
					}
					b = obj_truth(t, r);
					val_decref(r);
				}
				if (b < 0) {
					val_decref(x);
					return val_null();
				}
				if (b)
					return x;
				val_decref(x);
			}
		case IT_REVERSED:
			if (it->i >= 0) {
				struct val r = obj_getitem(t, it->src, val_int(it->i));

				it->i--;
				return r;
			}
			break;
		case IT_CALLABLE:
			{
				struct val r = vm_call(t, it->src, NULL, 0, NULL);
				int e;

				if (r.tag == V_NULL)
					return r;
				e = obj_eq(t, r, it->fn);
				if (e == 1) {
					val_decref(r);
					break;
				}
				return r;
			}
		}
		*done = 1;
		return val_null();
	}
	if (val_is_obj(v, L_GEN)) {
		struct val r = gen_send(t, VAL_AS(gen, v), val_none(), done);

		if (*done && r.tag != V_NULL) {
			val_decref(r);
			return val_null();
		}
		return r;
	}
	m = obj_dunder(v, "__next__");
	if (m.tag == V_OBJ) {
		struct val r = obj_call_dunder(t, m, v, NULL, 0);

		if (r.tag == V_NULL && vm_exc_matches(t, EXC(StopIteration))) {
			vm_clear_exc(t);
			*done = 1;
		}
		return r;
	}
	return vm_raise(t, EXC(TypeError), "'%s' object is not an iterator",
	    val_type_name(v));
}

/* ---- classes ------------------------------------------------------------ */

/* __build_class__(func, name, *bases, **kw) */
struct val
build_class(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct func	*body;
	struct str	*name;
	struct dict	*ns;
	struct frame	*f;
	struct val	 r;
	struct type	*tp, *base;
	int		 i;

	(void)kw;
	if (nargs < 2 || !val_is_obj(args[0], L_FUNC) || !IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "__build_class__: bad arguments");
	body = VAL_AS(func, args[0]);
	name = VAL_AS(str, args[1]);
	for (i = 2; i < nargs; i++) {
		if (!val_is_obj(args[i], L_TYPE))
			return vm_raise(t, EXC(TypeError),
			    "bases must be types");
		if (VAL_AS(type, args[i])->flags & TF_FINAL)
			return vm_raise(t, EXC(TypeError),
			    "type '%s' is not an acceptable base type",
			    VAL_AS(type, args[i])->name);
		if (VAL_AS(type, args[i])->layout != L_INST &&
		    VAL_AS(type, args[i])->layout != L_EXC &&
		    VAL_AS(type, args[i]) != TYPE(T_OPAQUE))
			return vm_raise(t, EXC(TypeError),
			    "concviz cannot subclass the builtin type '%s' yet",
			    VAL_AS(type, args[i])->name);
	}
	ns = dict_new();
	f = frame_new(t, body->code, body, body->globals);
	f->locals = ns;
	OBJ_INCREF(ns);
	f->entry = 1;
	r = vm_eval(t, f);
	if (r.tag == V_NULL) {
		OBJ_DECREF(ns);
		return r;
	}
	base = nargs > 2 ? VAL_AS(type, args[2]) : TYPE(T_OBJECT);
	if (base == TYPE(T_OPAQUE))
		base = TYPE(T_OBJECT);
	tp = obj_alloc(TYPE(T_TYPE), sizeof *tp);
	tp->name = xstrdup(name->data);
	tp->base = base;
	OBJ_INCREF(base);
	tp->dict = ns;
	tp->flags = TF_USER | (base->flags & (TF_EXC | TF_LOCAL));
	tp->layout = base->layout;
	for (i = 3; i < nargs; i++) {
		struct type *b = VAL_AS(type, args[i]);

		if (b->layout == L_EXC)
			tp->layout = L_EXC;
		tp->flags |= b->flags & TF_EXC;
	}
	tp->bases = tuple_new(nargs > 2 ? nargs - 2 : 1);
	if (nargs > 2)
		for (i = 2; i < nargs; i++)
			tp->bases->items[i - 2] = val_dup(args[i]);
	else
		tp->bases->items[0] = val_dup(val_obj(TYPE(T_OBJECT)));
	tp->mro = type_compute_mro(t, tp);
	if (tp->mro == NULL) {
		val_decref(r);
		OBJ_DECREF(tp);
		return val_null();
	}
	if (type_lookup_cstr(tp, "__getattr__").tag == V_OBJ)
		tp->flags |= TF_HAS_GETATTR;
	if (val_is_obj(type_lookup_cstr(tp, "__setattr__"), L_FUNC))
		tp->flags |= TF_HAS_SETATTR;
	{
		int64_t j;

		for (j = 0; j < tp->mro->len; j++) {
			struct type	*b = VAL_AS(type, tp->mro->items[j]);
			int64_t		 pos = 0;
			struct val	 k, v;

			if (b->flags & TF_HAS_PROPERTY)
				tp->flags |= TF_HAS_PROPERTY;
			while (b->dict != NULL && dict_next(b->dict, &pos, &k, &v))
				if (val_is_obj(v, L_PROPERTY))
					tp->flags |= TF_HAS_PROPERTY;
		}
	}
	/* __eq__ without __hash__ makes instances unhashable. */
	if (dict_get_cstr(ns, "__eq__").tag != V_NULL &&
	    dict_get_cstr(ns, "__hash__").tag == V_NULL)
		dict_set_cstr(ns, "__hash__", val_none());
	/* __new__ and __init_subclass__ are implicit static/class methods. */
	{
		struct val nw = dict_get_cstr(ns, "__new__");

		if (val_is_obj(nw, L_FUNC)) {
			struct wrapper *w = obj_alloc(TYPE(T_STATICMETHOD), sizeof *w);

			w->fn = val_dup(nw);
			dict_set_cstr(ns, "__new__", val_obj(w));
		}
	}
	if (val_is_obj(r, L_CELL)) {
		struct cell *c = VAL_AS(cell, r);

		val_decref(c->v);
		c->v = val_dup(val_obj(tp));
	}
	val_decref(r);
	/* __set_name__ and __init_subclass__ hooks. */
	{
		struct val isc = base != NULL ? type_lookup_cstr(base,
		    "__init_subclass__") : val_null();

		if (val_is_obj(isc, L_CLASSM)) {
			struct val a = val_obj(tp);
			struct val res = vm_call(t, ((struct wrapper *)isc.u.o)->fn,
			    &a, 1, kw);

			if (res.tag == V_NULL) {
				OBJ_DECREF(tp);
				return res;
			}
			val_decref(res);
		}
	}
	return val_obj(tp);
}

/* Create an instance of a user class (object.__new__). */
static struct val
inst_new(struct vm_thread *t, struct type *tp)
{
	(void)t;
	if (tp->layout == L_EXC) {
		struct val e = exc_new(tp, NULL, 0);

		return e;
	}
	return val_obj(obj_alloc(tp, sizeof(struct instance)));
}

/* Calling a type: construct. */
struct val
type_call(struct vm_thread *t, struct type *tp, struct val *args, int nargs,
    struct dict *kw)
{
	struct val	 self, init, nw, r;
	struct val	 buf[16], *a = buf;
	int		 i;

	if (tp == TYPE(T_TYPE)) {
		if (nargs == 1 && (kw == NULL || kw->len == 0))
			return val_dup(val_obj(val_type(args[0])));
		if (nargs == 3) {
			/* type(name, bases, dict) */
			struct val	 bargs[16];
			struct tuple	*bases;
			struct code	*dummy;
			int		 nb, j;

			if (!IS_STR(args[0]) || !IS_TUPLE(args[1]) || !IS_DICT(args[2]))
				return vm_raise(t, EXC(TypeError),
				    "type() argument types are wrong");
			bases = VAL_AS(tuple, args[1]);
			nb = (int)bases->len;
			if (nb > 12)
				return vm_raise(t, EXC(TypeError), "too many bases");
			(void)dummy;
			for (j = 0; j < nb; j++)
				bargs[j] = bases->items[j];
			{
				struct type	*nt;
				struct type	*base = nb > 0 ? VAL_AS(type, bargs[0]) :
				    TYPE(T_OBJECT);

				nt = obj_alloc(TYPE(T_TYPE), sizeof *nt);
				nt->name = xstrdup(VAL_AS(str, args[0])->data);
				nt->base = base;
				OBJ_INCREF(base);
				nt->dict = dict_copy(VAL_AS(dict, args[2]));
				nt->flags = TF_USER | (base->flags & (TF_EXC | TF_LOCAL));
				nt->layout = base->layout;
				nt->bases = tuple_new(nb > 0 ? nb : 1);
				for (j = 0; j < nb; j++)
					nt->bases->items[j] = val_dup(bargs[j]);
				if (nb == 0)
					nt->bases->items[0] = val_dup(val_obj(TYPE(T_OBJECT)));
				nt->mro = type_compute_mro(t, nt);
				if (nt->mro == NULL) {
					OBJ_DECREF(nt);
					return val_null();
				}
				if (dict_get_cstr(nt->dict, "__module__").tag == V_NULL)
					dict_set_cstr(nt->dict, "__module__",
					    val_obj(str_cstr("__main__")));
				return val_obj(nt);
			}
		}
		return vm_raise(t, EXC(TypeError), "type() takes 1 or 3 arguments");
	}
	if (!(tp->flags & TF_USER)) {
		if (tp->ctor != NULL)
			return tp->ctor(t, args, nargs, kw);
		if (tp->flags & TF_EXC) {
			if (kw != NULL && kw->len > 0)
				return vm_raise(t, EXC(TypeError),
				    "%s() takes no keyword arguments", tp->name);
			return exc_new(tp, args, nargs);
		}
		if (tp == TYPE(T_OBJECT) || tp == TYPE(T_OPAQUE)) {
			if (nargs > 0)
				return vm_raise(t, EXC(TypeError),
				    "object() takes no arguments");
			return val_obj(obj_alloc(TYPE(T_OBJECT),
			    sizeof(struct instance)));
		}
		return vm_raise(t, EXC(TypeError), "cannot create '%s' instances",
		    tp->name);
	}
	if (nargs + 1 > 16)
		a = xmalloc(sizeof *a * (size_t)(nargs + 1));
	a[0] = val_obj(tp);
	for (i = 0; i < nargs; i++)
		a[i + 1] = args[i];
	nw = type_lookup_cstr(tp, "__new__");
	if (val_is_obj(nw, L_STATICM) &&
	    val_is_obj(((struct wrapper *)nw.u.o)->fn, L_FUNC)) {
		self = vm_call(t, ((struct wrapper *)nw.u.o)->fn, a, nargs + 1, kw);
		if (self.tag == V_NULL || !obj_isinstance(self, tp)) {
			if (a != buf)
				free(a);
			return self;
		}
	} else
		self = inst_new(t, tp);
	if ((tp->flags & TF_LOCAL) && local_setup(t, self, args, nargs, kw) != 0) {
		if (a != buf)
			free(a);
		val_decref(self);
		return val_null();
	}
	init = type_lookup_cstr(tp, "__init__");
	if (val_is_obj(init, L_FUNC)) {
		a[0] = self;
		r = vm_call(t, init, a, nargs + 1, kw);
		if (a != buf)
			free(a);
		if (r.tag == V_NULL) {
			val_decref(self);
			return r;
		}
		if (r.tag != V_NONE) {
			vm_raise(t, EXC(TypeError),
			    "__init__() should return None, not '%s'",
			    val_type_name(r));
			val_decref(r);
			val_decref(self);
			return val_null();
		}
		return self;
	}
	if (val_is_obj(init, L_CFUNC) && VAL_AS(cfunc, init)->owner != NULL &&
	    VAL_AS(cfunc, init)->owner != TYPE(T_OBJECT) &&
	    !(VAL_AS(cfunc, init)->owner->flags & TF_EXC)) {
		/* __init__ of a C-defined base class (e.g. threading.Thread). */
		a[0] = self;
		r = vm_call(t, init, a, nargs + 1, kw);
		if (a != buf)
			free(a);
		if (r.tag == V_NULL) {
			val_decref(self);
			return r;
		}
		val_decref(r);
		return self;
	}
	if (a != buf)
		free(a);
	if (tp->layout == L_EXC) {
		struct exc *e = VAL_AS(exc, self);

		OBJ_DECREF(e->args);
		e->args = tuple_new(nargs);
		for (i = 0; i < nargs; i++)
			e->args->items[i] = val_dup(args[i]);
		val_decref(e->value);
		e->value = nargs > 0 ? val_dup(args[0]) : val_none();
		return self;
	}
	if ((nargs > 0 || (kw != NULL && kw->len > 0)) &&
	    !val_is_obj(nw, L_STATICM)) {
		val_decref(self);
		return vm_raise(t, EXC(TypeError), "%s() takes no arguments",
		    tp->name);
	}
	return self;
}
