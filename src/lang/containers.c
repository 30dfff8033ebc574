/*
 * containers.c — list, tuple, dict, set/frozenset, range, slice and bytes:
 * their storage, constructors and methods.
 *
 * dict is insertion-ordered (an entry array plus an index table); set is
 * laid out like CPython's so that iteration order matches for ints. This
 * file must not dispatch bytecode or format text beyond what methods need.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"

/* ---- list --------------------------------------------------------------- */

/*
 * In the free-threaded mode every access to a list that another thread
 * may see goes through the functions below (or holds the list's stripe):
 * items is reallocated by appends, so no pointer into it survives an
 * unlock, and a value read from it is returned as a new reference.
 */

struct list *
list_new(int64_t cap)
{
	struct list *l = obj_alloc(TYPE(T_LIST), sizeof *l);

	l->cap = cap > 0 ? cap : 0;
	l->items = l->cap ? xmalloc(sizeof *l->items * (size_t)l->cap) : NULL;
	return l;
}

/* Make room for one more item (stripe held). */
static void
list_grow1(struct list *l)
{
	if (l->len == l->cap) {
		l->cap = l->cap < 4 ? 4 : l->cap + l->cap / 2 + 1;
		l->items = xreallocarray(l->items, (size_t)l->cap, sizeof *l->items);
	}
}

/* Append, taking the reference. */
void
list_append(struct list *l, struct val v)
{
	obj_lock(l);
	list_grow1(l);
	l->items[l->len] = v;
	__atomic_store_n(&l->len, l->len + 1, __ATOMIC_RELAXED);
	obj_unlock(l);
}

/* Remove and return the last item (its reference), or V_NULL if empty. */
struct val
list_pop(struct list *l)
{
	struct val r = val_null();

	obj_lock(l);
	if (l->len > 0) {
		r = l->items[l->len - 1];
		__atomic_store_n(&l->len, l->len - 1, __ATOMIC_RELAXED);
	}
	obj_unlock(l);
	return r;
}

/* The length of a list that other threads may change (a snapshot). */
int64_t
list_len(struct list *l)
{
	return __atomic_load_n(&l->len, __ATOMIC_RELAXED);
}

/* A new reference to item i (Python index), or V_NULL if out of range. */
struct val
list_getref(struct list *l, int64_t i)
{
	struct val r = val_null();

	obj_lock(l);
	if (i < 0)
		i += l->len;
	if (i >= 0 && i < l->len)
		r = val_dup(l->items[i]);
	obj_unlock(l);
	return r;
}

/*
 * Replace item i (Python index: negative counts from the end) with v (a
 * new reference is taken): 0, or -1 if out of range (nothing raised).
 */
int
list_setitem(struct list *l, int64_t i, struct val v)
{
	struct val old;

	obj_lock(l);
	if (i < 0)
		i += l->len;
	if (i < 0 || i >= l->len) {
		obj_unlock(l);
		return -1;
	}
	old = l->items[i];
	l->items[i] = val_dup(v);
	obj_unlock(l);
	val_decref(old);
	return 0;
}

/*
 * Remove item i (Python index) and return its reference in *out: 0, or
 * -1 if out of range (-2 if the list is empty).
 */
int
list_take(struct list *l, int64_t i, struct val *out)
{
	obj_lock(l);
	if (l->len == 0) {
		obj_unlock(l);
		return -2;
	}
	if (i < 0)
		i += l->len;
	if (i < 0 || i >= l->len) {
		obj_unlock(l);
		return -1;
	}
	*out = l->items[i];
	memmove(l->items + i, l->items + i + 1,
	    sizeof *l->items * (size_t)(l->len - i - 1));
	__atomic_store_n(&l->len, l->len - 1, __ATOMIC_RELAXED);
	obj_unlock(l);
	return 0;
}

/* The items of a list (or tuple) with references taken; *np their count. */
struct val *
list_snapshot(struct val seq, int64_t *np)
{
	struct val	*a, *items;
	int64_t		 i, n;

	if (IS_LIST(seq))
		obj_lock(seq.u.o);
	items = IS_LIST(seq) ? VAL_AS(list, seq)->items :
	    VAL_AS(tuple, seq)->items;
	n = IS_LIST(seq) ? VAL_AS(list, seq)->len : VAL_AS(tuple, seq)->len;
	a = xreallocarray(NULL, (size_t)n + 1, sizeof *a);
	for (i = 0; i < n; i++)
		a[i] = val_dup(items[i]);
	if (IS_LIST(seq))
		obj_unlock(seq.u.o);
	*np = n;
	return a;
}

/* Append n items (new references taken) in one step. */
void
list_extend_vals(struct list *l, const struct val *a, int64_t n)
{
	int64_t i;

	obj_lock(l);
	if (l->len + n > l->cap) {
		l->cap = l->len + n;
		l->items = xreallocarray(l->items, (size_t)l->cap,
		    sizeof *l->items);
	}
	for (i = 0; i < n; i++)
		l->items[l->len + i] = val_dup(a[i]);
	__atomic_store_n(&l->len, l->len + n, __ATOMIC_RELAXED);
	obj_unlock(l);
}

/* A new list with the items of any iterable; NULL on error. */
struct list *
seq_to_list(struct vm_thread *t, struct val v)
{
	struct list	*l;
	struct val	 it;
	int64_t		 i;
	int		 done;

	if (IS_LIST(v) || IS_TUPLE(v)) {
		struct val	*items;
		int64_t		 n;

		if (IS_TUPLE(v) || !LANG_FT) {
			items = IS_LIST(v) ? VAL_AS(list, v)->items :
			    VAL_AS(tuple, v)->items;
			n = IS_LIST(v) ? VAL_AS(list, v)->len :
			    VAL_AS(tuple, v)->len;
			l = list_new(n);
			for (i = 0; i < n; i++)
				l->items[i] = val_dup(items[i]);
			l->len = n;
			return l;
		}
		/* A shared list: its items, taken under its stripe. */
		l = list_new(0);
		free(l->items);
		l->items = list_snapshot(v, &n);
		l->len = n;
		l->cap = n + 1;
		return l;
	}
	it = obj_iter(t, v);
	if (it.tag == V_NULL)
		return NULL;
	l = list_new(0);
	for (;;) {
		struct val x = obj_next(t, it, &done);

		if (done)
			break;
		if (x.tag == V_NULL) {
			OBJ_DECREF(l);
			val_decref(it);
			return NULL;
		}
		list_append(l, x);
	}
	val_decref(it);
	return l;
}

/* ---- tuple -------------------------------------------------------------- */

struct tuple *
tuple_new(int64_t n)
{
	struct tuple	*tu;
	int64_t		 i;

	if (n == 0 && INTERP->empty_tuple != NULL) {
		OBJ_INCREF(INTERP->empty_tuple);
		return INTERP->empty_tuple;
	}
	tu = obj_alloc(TYPE(T_TUPLE), sizeof *tu + sizeof(struct val) * (size_t)n);
	tu->len = n;
	tu->hash = -1;
	for (i = 0; i < n; i++)
		tu->items[i] = val_none();
	return tu;
}

/* A tuple of n values (new references taken). */
struct tuple *
tuple_pack(int n, ...)
{
	struct tuple	*tu = tuple_new(n);
	va_list		 ap;
	int		 i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		tu->items[i] = val_dup(va_arg(ap, struct val));
	va_end(ap);
	return tu;
}

/* ---- dict --------------------------------------------------------------- */

/* A fresh dict version, unique in the interpreter (atomic when threaded). */
static uint64_t
dict_next_version(void)
{
	struct interp *in = INTERP;

	if (LANG_FT)
		return __atomic_add_fetch(&in->dict_version, 1, __ATOMIC_RELAXED);
	return ++in->dict_version;
}

struct dict *
dict_new(void)
{
	struct dict *d = obj_alloc(TYPE(T_DICT), sizeof *d);

	d->mask = -1;
	d->version = dict_next_version();
	return d;
}

/* Hash a key without a thread (str fast path); -1 on error. */
static int64_t
dict_hash(struct val k)
{
	if (IS_STR(k))
		return str_hash(VAL_AS(str, k));
	if (k.tag == V_INT && k.u.i >= 0 && k.u.i < ((int64_t)1 << 61) - 1)
		return k.u.i;
	return obj_hash(vm_cur, k);
}

/* Are two keys equal (fast paths first)? -1 on error. */
static inline int
dict_key_eq(struct val a, struct val b)
{
	if (a.tag == V_OBJ && b.tag == V_OBJ && a.u.o == b.u.o)
		return 1;
	if (a.tag == V_OBJ && b.tag == V_OBJ && a.u.o->type->layout == L_STR &&
	    b.u.o->type->layout == L_STR)
		return str_eq((struct str *)a.u.o, (struct str *)b.u.o);
	if (a.tag == V_INT && b.tag == V_INT)
		return a.u.i == b.u.i;
	return obj_eq(vm_cur, a, b);
}

/*
 * Whether a == b is decided in C alone, with no attribute lookup (which
 * would take another stripe) and no Python code: two unboxed values, or
 * None against anything, or two builtin str/bytes, or two tuples of such
 * pairs.
 */
static int
key_plain_pair(struct val a, struct val b, int depth)
{
	struct tuple	*x, *y;
	int64_t		 i;

	if (a.tag != V_OBJ && b.tag != V_OBJ)
		return 1;
	if (a.tag == V_NONE || b.tag == V_NONE)
		return 1;
	if (a.tag != V_OBJ || b.tag != V_OBJ || a.u.o->type != b.u.o->type ||
	    (a.u.o->type->flags & TF_USER))
		return 0;
	switch (a.u.o->type->layout) {
	case L_STR:
	case L_BYTES:
		return 1;
	case L_TUPLE:
		x = (struct tuple *)a.u.o;
		y = (struct tuple *)b.u.o;
		if (depth > 3)
			return 0;
		/* Elements are compared up to the shorter length. */
		for (i = 0; i < x->len && i < y->len; i++)
			if (!key_plain_pair(x->items[i], y->items[i], depth + 1))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/*
 * Compare a stored key with k while o's stripe is held (free-threaded
 * mode only; without threads the probes call dict_key_eq). When that may run
 * Python code (free-threaded mode, a key that is not plain) the stripe is
 * dropped around the comparison, which is made on a reference of its own;
 * *moved is set if the container's stamp changed meanwhile, and the caller
 * restarts its probe (as CPython's dict does when __eq__ mutates it).
 */
static __attribute__((noinline)) int
key_eq_unlocked(const void *o, const uint64_t *stamp, struct val stored,
    struct val k, int *moved)
{
	uint64_t	before;
	struct val	sk;
	int		eq;

	*moved = 0;
	if ((stored.tag == V_OBJ && k.tag == V_OBJ && stored.u.o == k.u.o) ||
	    key_plain_pair(stored, k, 0))
		return dict_key_eq(stored, k);
	before = *stamp;
	sk = val_dup(stored);
	obj_unlock(o);
	eq = dict_key_eq(sk, k);
	obj_lock(o);
	val_decref(sk);
	if (*stamp != before)
		*moved = 1;
	return eq;
}

/*
 * Find the index slot for a key: the entry index or -1; *slotp the slot.
 * Called with d's stripe held (free-threaded mode); returns with it held.
 * Specialised twice (ft constant) by dict_find so that the path without
 * threads is the plain probe.
 */
static inline __attribute__((always_inline)) int64_t
dict_find1(struct dict *d, struct val k, int64_t h, int64_t *slotp, int *err,
    int ft)
{
	uint64_t	perturb;
	int64_t		i, freeslot;
	int		moved;

	*err = 0;
restart:
	if (d->mask < 0) {
		*slotp = -1;
		return -1;
	}
	perturb = (uint64_t)h;
	freeslot = -1;
	i = h & d->mask;
	for (;;) {
		int32_t ix = d->index[i];

		if (ix == -1) {
			*slotp = freeslot >= 0 ? freeslot : i;
			return -1;
		}
		if (ix == -2) {
			if (freeslot < 0)
				freeslot = i;
		} else {
			struct dict_entry *e = &d->entries[ix];

			if (e->hash == h) {
				int eq;

				if (!ft)
					eq = dict_key_eq(e->key, k);
				else {
					eq = key_eq_unlocked(d, &d->version, e->key, k,
					    &moved);
					if (eq >= 0 && moved)
						goto restart;
				}
				if (eq < 0) {
					*err = 1;
					return -1;
				}
				if (eq) {
					*slotp = i;
					return ix;
				}
			}
		}
		perturb >>= 5;
		i = (int64_t)(((uint64_t)i * 5 + perturb + 1) & (uint64_t)d->mask);
	}
}

static inline __attribute__((always_inline)) int64_t
dict_find(struct dict *d, struct val k, int64_t h, int64_t *slotp, int *err)
{
	if (LANG_FT)
		return dict_find1(d, k, h, slotp, err, 1);
	return dict_find1(d, k, h, slotp, err, 0);
}

/* Rebuild the index with room for n entries (stripe held). */
static void
dict_resize(struct dict *d, int64_t n)
{
	int64_t size = 8, i, w = 0;

	while (size < n * 3 / 2 + 1)
		size *= 2;
	/* Compact the entries. */
	for (i = 0; i < d->nentries; i++) {
		if (d->entries[i].key.tag == V_NULL)
			continue;
		d->entries[w++] = d->entries[i];
	}
	d->nentries = w;
	free(d->index);
	d->index = xmalloc(sizeof *d->index * (size_t)size);
	memset(d->index, 0xff, sizeof *d->index * (size_t)size);
	d->mask = size - 1;
	d->cap = size * 2 / 3;
	if (d->cap < n)
		d->cap = n;
	d->entries = xreallocarray(d->entries, (size_t)d->cap, sizeof *d->entries);
	for (i = 0; i < d->nentries; i++) {
		uint64_t perturb = (uint64_t)d->entries[i].hash;
		int64_t j = d->entries[i].hash & d->mask;

		while (d->index[j] != -1) {
			perturb >>= 5;
			j = (int64_t)(((uint64_t)j * 5 + perturb + 1) &
			    (uint64_t)d->mask);
		}
		d->index[j] = (int32_t)i;
	}
	d->version = dict_next_version();
}

/*
 * The value of a key with a known hash: 1 found (*out borrowed, or a new
 * reference when ref is set), 0 absent, -1 error. Takes d's stripe.
 */
static int
dict_lookup_locked(struct dict *d, struct val k, int64_t h, struct val *out,
    int ref)
{
	int64_t	slot, ix;
	int	err, r = 0;

	obj_lock(d);
	ix = dict_find(d, k, h, &slot, &err);
	if (err)
		r = -1;
	else if (ix >= 0) {
		*out = d->entries[ix].value;
		if (ref)
			val_incref(*out);
		r = 1;
	}
	obj_unlock(d);
	return r;
}

int
dict_lookup(struct dict *d, struct val k, int64_t h, struct val *out)
{
	return dict_lookup_locked(d, k, h, out, 0);
}

/* Value for key (borrowed, or a new reference with ref), or V_NULL. */
static struct val
dict_get1(struct dict *d, struct val k, int ref)
{
	int64_t		h;
	struct val	v;

	if (__atomic_load_n(&d->len, __ATOMIC_RELAXED) == 0) {
		if (!IS_STR(k) && k.tag != V_INT)
			(void)obj_hash(vm_cur, k);
		return val_null();
	}
	h = dict_hash(k);
	if (h == -1 && vm_cur->exc.tag != V_NULL)
		return val_null();
	if (dict_lookup_locked(d, k, h, &v, ref) <= 0)
		return val_null();
	return v;
}

/*
 * Borrowed value for key, or V_NULL (an exception may be set). With
 * threads (free-threaded mode) prefer dict_getref on a shared dict.
 */
struct val
dict_get(struct dict *d, struct val k)
{
	return dict_get1(d, k, 0);
}

/* A new reference to the value for key, or V_NULL (exception maybe set). */
struct val
dict_getref(struct dict *d, struct val k)
{
	return dict_get1(d, k, 1);
}

/* The entry index of a str key, or -1 (stripe held when threaded). */
static inline __attribute__((always_inline)) int64_t
dict_index_str_locked(struct dict *d, struct str *k)
{
	int64_t		h, i;
	uint64_t	perturb;

	if (d->len == 0)
		return -1;
	h = k->hash != -1 ? k->hash : str_hash(k);
	perturb = (uint64_t)h;
	i = h & d->mask;
	for (;;) {
		int32_t ix = d->index[i];

		if (ix == -1)
			return -1;
		if (ix >= 0) {
			struct dict_entry *e = &d->entries[ix];

			if (e->key.u.o == &k->hdr || (e->hash == h &&
			    e->key.tag == V_OBJ && e->key.u.o->type->layout == L_STR &&
			    str_eq((struct str *)e->key.u.o, k)))
				return ix;
		}
		perturb >>= 5;
		i = (int64_t)(((uint64_t)i * 5 + perturb + 1) & (uint64_t)d->mask);
	}
}

/* Borrowed value of a str key, or V_NULL (never raises). */
struct val
dict_get_str(struct dict *d, struct str *k)
{
	struct val	r = val_null();
	int64_t		ix;

	if (!LANG_FT) {
		ix = dict_index_str_locked(d, k);
		return ix >= 0 ? d->entries[ix].value : r;
	}
	obj_lock(d);
	ix = dict_index_str_locked(d, k);
	if (ix >= 0)
		r = d->entries[ix].value;
	obj_unlock(d);
	return r;
}

/* A new reference to the value of a str key, or V_NULL (never raises). */
struct val
dict_getref_str(struct dict *d, struct str *k)
{
	struct val	r = val_null();
	int64_t		ix;

	obj_lock(d);
	ix = dict_index_str_locked(d, k);
	if (ix >= 0)
		r = val_dup(d->entries[ix].value);
	obj_unlock(d);
	return r;
}

/*
 * The entry index of a str key, or -1. Only meaningful while d does not
 * change (the LOAD_GLOBAL cache, which is off in the free-threaded mode).
 */
int64_t
dict_index_str(struct dict *d, struct str *k)
{
	int64_t ix;

	obj_lock(d);
	ix = dict_index_str_locked(d, k);
	obj_unlock(d);
	return ix;
}

struct val
dict_get_cstr(struct dict *d, const char *k)
{
	return dict_get_str(d, str_intern(k));
}

/*
 * Set key to value (new references taken); -1 if the key is unhashable.
 * With existing != NULL, an existing value is kept and returned there (a
 * new reference; V_NULL when v was inserted): setdefault in one step.
 * The replaced value, if any, is released after the stripe.
 */
static inline __attribute__((always_inline)) int
dict_set1(struct dict *d, struct val k, struct val v, struct val *existing)
{
	int64_t		h, slot, ix;
	int		err;
	struct val	old = val_null();

	h = dict_hash(k);
	if (h == -1 && vm_cur->exc.tag != V_NULL)
		return -1;
	obj_lock(d);
again:
	ix = dict_find(d, k, h, &slot, &err);
	if (err) {
		obj_unlock(d);
		return -1;
	}
	if (existing != NULL) {
		*existing = val_null();
		if (ix >= 0) {
			*existing = val_dup(d->entries[ix].value);
			obj_unlock(d);
			return 0;
		}
	}
	if (ix >= 0) {
		old = d->entries[ix].value;
		d->entries[ix].value = val_dup(v);
		obj_unlock(d);
		val_decref(old);
		return 0;
	}
	if (d->mask < 0 || d->nentries >= d->cap) {
		/*
		 * Make room, then probe again from the start: the probe may
		 * drop the stripe (a key's __eq__), and another thread may
		 * insert this key or empty the dict meanwhile.
		 */
		dict_resize(d, d->len + 1 < 8 ? 8 : (d->len + 1) * 2);
		goto again;
	}
	d->entries[d->nentries].hash = h;
	d->entries[d->nentries].key = val_dup(k);
	d->entries[d->nentries].value = val_dup(v);
	d->index[slot] = (int32_t)d->nentries;
	d->nentries++;
	__atomic_store_n(&d->len, d->len + 1, __ATOMIC_RELAXED);
	d->version = dict_next_version();
	obj_unlock(d);
	return 0;
}

int
dict_set(struct dict *d, struct val k, struct val v)
{
	return dict_set1(d, k, v, NULL);
}

/*
 * Insert k: v unless k is present: V_NULL if inserted, else a new
 * reference to the present value (and v is not stored). Never raises for
 * str keys.
 */
struct val
dict_setdefault(struct dict *d, struct val k, struct val v)
{
	struct val old = val_null();

	if (dict_set1(d, k, v, &old) < 0)
		return val_null();
	return old;
}

int
dict_set_str(struct dict *d, struct str *k, struct val v)
{
	return dict_set(d, val_obj(k), v);
}

/* Set with a C string key; takes the reference of v. */
void
dict_set_cstr(struct dict *d, const char *k, struct val v)
{
	dict_set(d, val_obj(str_intern(k)), v);
	val_decref(v);
}

/*
 * Remove a key in one step: 1 removed (*valp gets the value's reference
 * when valp is not NULL), 0 absent, -1 error.
 */
int
dict_pop(struct dict *d, struct val k, struct val *valp)
{
	int64_t		 h, slot, ix;
	int		 err;
	struct val	 ok, ov;

	h = dict_hash(k);
	if (h == -1 && vm_cur->exc.tag != V_NULL)
		return -1;
	obj_lock(d);
	ix = dict_find(d, k, h, &slot, &err);
	if (err || ix < 0) {
		obj_unlock(d);
		return err ? -1 : 0;
	}
	ok = d->entries[ix].key;
	ov = d->entries[ix].value;
	d->entries[ix].key = val_null();
	d->entries[ix].value = val_null();
	d->index[slot] = -2;
	__atomic_store_n(&d->len, d->len - 1, __ATOMIC_RELAXED);
	d->version = dict_next_version();
	obj_unlock(d);
	val_decref(ok);
	if (valp != NULL)
		*valp = ov;
	else
		val_decref(ov);
	return 1;
}

/* Delete a key: 1 deleted, 0 absent, -1 error. */
int
dict_del(struct dict *d, struct val k)
{
	return dict_pop(d, k, NULL);
}

/*
 * Iterate: returns 1 with borrowed key/value, 0 at the end. For a dict
 * private to the thread (kwargs, a fresh copy); dict_next_ref otherwise.
 */
int
dict_next(struct dict *d, int64_t *pos, struct val *k, struct val *v)
{
	while (*pos < d->nentries) {
		struct dict_entry *e = &d->entries[(*pos)++];

		if (e->key.tag == V_NULL)
			continue;
		*k = e->key;
		*v = e->value;
		return 1;
	}
	return 0;
}

/* Iterate a shared dict: 1 with new references in *k and *v, 0 at the end. */
int
dict_next_ref(struct dict *d, int64_t *pos, struct val *k, struct val *v)
{
	int r;

	obj_lock(d);
	r = dict_next(d, pos, k, v);
	if (r) {
		val_incref(*k);
		val_incref(*v);
	}
	obj_unlock(d);
	return r;
}

/*
 * The live entries of d, copied under its stripe with references taken
 * (keys at [2i], values at [2i+1]); *np their count. Free with
 * dict_snapshot_free.
 */
struct val *
dict_snapshot(struct dict *d, int64_t *np)
{
	struct val	*a;
	int64_t		 i, n = 0;

	obj_lock(d);
	a = xreallocarray(NULL, (size_t)d->len + 1, 2 * sizeof *a);
	for (i = 0; i < d->nentries; i++) {
		struct dict_entry *e = &d->entries[i];

		if (e->key.tag == V_NULL)
			continue;
		a[2 * n] = val_dup(e->key);
		a[2 * n + 1] = val_dup(e->value);
		n++;
	}
	obj_unlock(d);
	*np = n;
	return a;
}

/* Release a dict_snapshot. */
void
dict_snapshot_free(struct val *a, int64_t n)
{
	int64_t i;

	for (i = 0; i < 2 * n; i++)
		val_decref(a[i]);
	free(a);
}

struct dict *
dict_copy(struct dict *src)
{
	struct dict	*d = dict_new();
	struct val	*a;
	int64_t		 n, i;

	a = dict_snapshot(src, &n);
	for (i = 0; i < n; i++)
		dict_set(d, a[2 * i], a[2 * i + 1]);
	dict_snapshot_free(a, n);
	return d;
}

/* ---- set ---------------------------------------------------------------- */

#define SET_MINSIZE	8
#define LINEAR_PROBES	9

struct set *
set_new(int frozen)
{
	struct set *s = obj_alloc(TYPE(frozen ? T_FROZENSET : T_SET), sizeof *s);

	s->mask = SET_MINSIZE - 1;
	s->table = xcalloc(SET_MINSIZE, sizeof *s->table);
	s->frozen = frozen;
	s->hash = -1;
	return s;
}

/* Insert into a table without dummies (resize helper). */
static void
set_insert_clean(struct set_entry *table, int64_t mask, struct val key,
    int64_t hash)
{
	uint64_t	perturb = (uint64_t)hash;
	uint64_t	i = (uint64_t)hash & (uint64_t)mask;
	int		j;

	for (;;) {
		struct set_entry *e = &table[i];

		if (e->used == 0)
			goto found;
		if (i + LINEAR_PROBES <= (uint64_t)mask) {
			for (j = 0; j < LINEAR_PROBES; j++) {
				e++;
				if (e->used == 0)
					goto found;
			}
		}
		perturb >>= 5;
		i = (i * 5 + 1 + perturb) & (uint64_t)mask;
		continue;
found:
		e->used = 1;
		e->key = key;
		e->hash = hash;
		return;
	}
}

static void
set_resize(struct set *s, int64_t minused)
{
	int64_t			 newsize = SET_MINSIZE, i, oldsize = s->mask + 1;
	struct set_entry	*old = s->table;

	while (newsize <= minused)
		newsize <<= 1;
	s->table = xcalloc((size_t)newsize, sizeof *s->table);
	s->mask = newsize - 1;
	s->fill = s->len;
	s->stamp++;
	for (i = 0; i < oldsize; i++)
		if (old[i].used == 1)
			set_insert_clean(s->table, s->mask, old[i].key, old[i].hash);
	free(old);
}

/*
 * Find key: returns the entry, or NULL; *freep the slot to insert. Called
 * with s's stripe held (free-threaded mode); returns with it held.
 */
static inline __attribute__((always_inline)) struct set_entry *
set_lookup1(struct set *s, struct val key, int64_t hash,
    struct set_entry **freep, int *err, int ft)
{
	uint64_t		 perturb, mask, i;
	struct set_entry	*freeslot;
	int			 probes, moved;

	*err = 0;
restart:
	perturb = (uint64_t)hash;
	mask = (uint64_t)s->mask;
	i = (uint64_t)hash & mask;
	freeslot = NULL;
	for (;;) {
		struct set_entry *e = &s->table[i];

		probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
		do {
			if (e->used == 0) {
				*freep = freeslot ? freeslot : e;
				return NULL;
			}
			if (e->used == 1 && e->hash == hash) {
				int eq;

				if (!ft)
					eq = dict_key_eq(e->key, key);
				else {
					eq = key_eq_unlocked(s, &s->stamp, e->key, key,
					    &moved);
					if (eq >= 0 && moved)
						goto restart;
				}
				if (eq < 0) {
					*err = 1;
					return NULL;
				}
				if (eq)
					return e;
			} else if (e->used == 2 && freeslot == NULL)
				freeslot = e;
			e++;
		} while (probes--);
		perturb >>= 5;
		i = (i * 5 + 1 + perturb) & mask;
	}
}

static struct set_entry *
set_lookup(struct set *s, struct val key, int64_t hash, struct set_entry **freep,
    int *err)
{
	if (LANG_FT)
		return set_lookup1(s, key, hash, freep, err, 1);
	return set_lookup1(s, key, hash, freep, err, 0);
}

/* Add (new reference taken); -1 on unhashable. */
int
set_add(struct set *s, struct val key)
{
	int64_t			 h = obj_hash(vm_cur, key);
	struct set_entry	*e, *slot = NULL;
	int			 err, wasfresh;

	if (h == -1 && vm_cur->exc.tag != V_NULL)
		return -1;
	obj_lock(s);
	e = set_lookup(s, key, h, &slot, &err);
	if (err || e != NULL) {
		obj_unlock(s);
		return err ? -1 : 0;
	}
	wasfresh = slot->used == 0;
	slot->used = 1;
	slot->key = val_dup(key);
	slot->hash = h;
	__atomic_store_n(&s->len, s->len + 1, __ATOMIC_RELAXED);
	s->stamp++;
	if (wasfresh) {
		s->fill++;
		if (s->fill * 5 >= s->mask * 3)
			set_resize(s, s->len > 50000 ? s->len * 2 : s->len * 4);
	}
	s->hash = -1;
	obj_unlock(s);
	return 0;
}

int
set_contains(struct set *s, struct val key)
{
	int64_t			 h = obj_hash(vm_cur, key);
	struct set_entry	*slot, *e;
	int			 err;

	if (h == -1 && vm_cur->exc.tag != V_NULL)
		return -1;
	obj_lock(s);
	e = set_lookup(s, key, h, &slot, &err);
	obj_unlock(s);
	if (e != NULL)
		return 1;
	return err ? -1 : 0;
}

/* Remove in one step: 1 removed (*keyp its reference if not NULL), 0, -1. */
static int
set_take(struct set *s, struct val key, struct val *keyp)
{
	int64_t			 h = obj_hash(vm_cur, key);
	struct set_entry	*e, *slot;
	int			 err;
	struct val		 old;

	if (h == -1 && vm_cur->exc.tag != V_NULL)
		return -1;
	obj_lock(s);
	e = set_lookup(s, key, h, &slot, &err);
	if (err || e == NULL) {
		obj_unlock(s);
		return err ? -1 : 0;
	}
	old = e->key;
	e->used = 2;
	e->key = val_null();
	e->hash = -1;
	__atomic_store_n(&s->len, s->len - 1, __ATOMIC_RELAXED);
	s->stamp++;
	obj_unlock(s);
	if (keyp != NULL)
		*keyp = old;
	else
		val_decref(old);
	return 1;
}

/* Remove: 1 removed, 0 absent, -1 error. */
int
set_discard(struct set *s, struct val key)
{
	return set_take(s, key, NULL);
}

/*
 * Iterate: 1 with a borrowed key, 0 at the end. For a set private to the
 * thread; set_next_ref for a shared one.
 */
int
set_next(struct set *s, int64_t *pos, struct val *k)
{
	while (*pos <= s->mask) {
		struct set_entry *e = &s->table[(*pos)++];

		if (e->used == 1) {
			*k = e->key;
			return 1;
		}
	}
	return 0;
}

/* Iterate a shared set: 1 with a new reference in *k, 0 at the end. */
int
set_next_ref(struct set *s, int64_t *pos, struct val *k)
{
	int r;

	obj_lock(s);
	r = set_next(s, pos, k);
	if (r)
		val_incref(*k);
	obj_unlock(s);
	return r;
}

/* The keys of s with references taken, copied under its stripe. */
struct val *
set_snapshot(struct set *s, int64_t *np)
{
	struct val	*a;
	int64_t		 i, n = 0;

	obj_lock(s);
	a = xreallocarray(NULL, (size_t)s->len + 1, sizeof *a);
	for (i = 0; i <= s->mask; i++)
		if (s->table[i].used == 1)
			a[n++] = val_dup(s->table[i].key);
	obj_unlock(s);
	*np = n;
	return a;
}

/*
 * s op= o in place, one element at a time (each step atomic; another
 * thread's changes in between are kept): 0, or -1 for an unknown op.
 */
int
set_inplace(struct set *s, int op, struct set *o)
{
	struct val	*a;
	int64_t		 n, i;

	if (op != OP_OR && op != OP_AND && op != OP_SUB && op != OP_XOR)
		return -1;
	a = set_snapshot(op == OP_AND ? s : o, &n);
	for (i = 0; i < n; i++) {
		switch (op) {
		case OP_OR:
			set_add(s, a[i]);
			break;
		case OP_SUB:
			set_discard(s, a[i]);
			break;
		case OP_AND:
			if (!set_contains(o, a[i]))
				set_discard(s, a[i]);
			break;
		case OP_XOR:
			if (set_discard(s, a[i]) == 0)
				set_add(s, a[i]);
			break;
		}
	}
	val_array_free(a, n);
	obj_lock(s);
	s->hash = -1;
	obj_unlock(s);
	return 0;
}

/* Release a set_snapshot or list_snapshot. */
void
val_array_free(struct val *a, int64_t n)
{
	int64_t i;

	for (i = 0; i < n; i++)
		val_decref(a[i]);
	free(a);
}

/* ---- range, slice, bytes ------------------------------------------------ */

struct val
range_new(int64_t start, int64_t stop, int64_t step)
{
	struct range *r = obj_alloc(TYPE(T_RANGE), sizeof *r);

	r->start = start;
	r->stop = stop;
	r->step = step;
	if (step > 0)
		r->len = start < stop ? (int64_t)(((uint64_t)stop - (uint64_t)start - 1) /
		    (uint64_t)step + 1) : 0;
	else
		r->len = start > stop ? (int64_t)(((uint64_t)start - (uint64_t)stop - 1) /
		    (uint64_t)(-step) + 1) : 0;
	return val_obj(r);
}

struct val
slice_new(struct val a, struct val b, struct val c)
{
	struct slice *s = obj_alloc(TYPE(T_SLICE), sizeof *s);

	s->start = val_dup(a);
	s->stop = val_dup(b);
	s->step = val_dup(c);
	return val_obj(s);
}

struct bytes *
bytes_new(const unsigned char *p, int64_t n)
{
	struct bytes *b = obj_alloc(TYPE(T_BYTES), sizeof *b + (size_t)n + 1);

	b->len = n;
	if (p != NULL)
		memcpy(b->data, p, (size_t)n);
	b->data[n] = 0;
	return b;
}

/* ---- argument helpers --------------------------------------------------- */

/* Check the number of positional arguments. */
int
arg_count(struct vm_thread *t, const char *name, int nargs, int min, int max)
{
	if (nargs >= min && nargs <= max)
		return 0;
	if (min == max && min <= 1)
		vm_raise(t, EXC(TypeError), "%s() takes %s argument%s (%d given)",
		    name, min == 0 ? "no" : "exactly one", min == 1 ? "" : "s", nargs);
	else if (min == max)
		vm_raise(t, EXC(TypeError), "%s expected %d arguments, got %d",
		    name, min, nargs);
	else if (nargs < min)
		vm_raise(t, EXC(TypeError), "%s expected at least %d argument%s, got %d",
		    name, min, min == 1 ? "" : "s", nargs);
	else
		vm_raise(t, EXC(TypeError), "%s expected at most %d argument%s, got %d",
		    name, max, max == 1 ? "" : "s", nargs);
	return -1;
}

int
arg_int(struct vm_thread *t, const char *what, struct val v, int64_t *out)
{
	(void)what;
	return val_to_index(t, v, out);
}

int
arg_float(struct vm_thread *t, struct val v, double *out)
{
	if (v.tag == V_FLOAT) {
		*out = v.u.f;
		return 0;
	}
	if (v.tag == V_INT || v.tag == V_BOOL) {
		*out = (double)v.u.i;
		return 0;
	}
	vm_raise(t, EXC(TypeError), "must be real number, not %s", val_type_name(v));
	return -1;
}

/* A keyword argument by name (borrowed) or V_NULL. */
struct val
kw_get(struct dict *kw, const char *name)
{
	if (kw == NULL || kw->len == 0)
		return val_null();
	return dict_get_cstr(kw, name);
}

/* Reject unknown keywords. */
static int
kw_check(struct vm_thread *t, const char *fname, struct dict *kw,
    const char *const *allowed)
{
	int64_t		pos = 0;
	struct val	k, v;

	if (kw == NULL)
		return 0;
	while (dict_next(kw, &pos, &k, &v)) {
		int i, ok = 0;

		for (i = 0; allowed != NULL && allowed[i] != NULL; i++)
			if (strcmp(VAL_AS(str, k)->data, allowed[i]) == 0)
				ok = 1;
		if (!ok) {
			if (allowed == NULL || allowed[0] == NULL)
				vm_raise(t, EXC(TypeError),
				    "%s() takes no keyword arguments", fname);
			else
				vm_raise(t, EXC(TypeError),
				    "%s() got an unexpected keyword argument '%s'",
				    fname, VAL_AS(str, k)->data);
			return -1;
		}
	}
	return 0;
}

#define SELF_LIST	(VAL_AS(list, args[0]))
#define SELF_DICT	(VAL_AS(dict, args[0]))
#define SELF_SET	(VAL_AS(set, args[0]))
#define NOKW(name)	do { if (kw_check(t, name, kw, NULL) < 0) return val_null(); } while (0)

/* ---- list methods ------------------------------------------------------- */

static struct val
list_m_append(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("append");
	if (nargs != 2)
		return vm_raise(t, EXC(TypeError),
		    "list.append() takes exactly one argument (%d given)", nargs - 1);
	list_append(SELF_LIST, val_dup(args[1]));
	return val_none();
}

static struct val
list_m_extend(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*src;
	int64_t		 i;

	NOKW("extend");
	if (arg_count(t, "extend", nargs - 1, 1, 1) < 0)
		return val_null();
	src = seq_to_list(t, args[1]);
	if (src == NULL)
		return val_null();
	(void)i;
	list_extend_vals(SELF_LIST, src->items, src->len);
	OBJ_DECREF(src);
	return val_none();
}

static struct val
list_m_pop(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l = SELF_LIST;
	int64_t		 i = -1;
	struct val	 r;

	NOKW("pop");
	if (arg_count(t, "pop", nargs - 1, 0, 1) < 0)
		return val_null();
	if (nargs > 1 && val_to_index(t, args[1], &i) < 0)
		return val_null();
	switch (list_take(l, i, &r)) {
	case -2:
		return vm_raise(t, EXC(IndexError), "pop from empty list");
	case -1:
		return vm_raise(t, EXC(IndexError), "pop index out of range");
	}
	return r;
}

static struct val
list_m_insert(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l = SELF_LIST;
	int64_t		 i;

	NOKW("insert");
	if (nargs != 3)
		return vm_raise(t, EXC(TypeError),
		    "insert expected 2 arguments, got %d", nargs - 1);
	if (val_to_index(t, args[1], &i) < 0)
		return val_null();
	obj_lock(l);
	if (i < 0) {
		i += l->len;
		if (i < 0)
			i = 0;
	}
	if (i > l->len)
		i = l->len;
	list_grow1(l);
	memmove(l->items + i + 1, l->items + i,
	    sizeof *l->items * (size_t)(l->len - i));
	l->items[i] = val_dup(args[2]);
	__atomic_store_n(&l->len, l->len + 1, __ATOMIC_RELAXED);
	obj_unlock(l);
	return val_none();
}

static struct val
list_m_index(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	*items;
	int64_t		 n, i, start = 0, stop;

	NOKW("index");
	if (arg_count(t, "index", nargs - 1, 1, 3) < 0)
		return val_null();
	items = list_snapshot(args[0], &n);
	stop = n;
	if ((nargs > 2 && val_to_index(t, args[2], &start) < 0) ||
	    (nargs > 3 && val_to_index(t, args[3], &stop) < 0)) {
		val_array_free(items, n);
		return val_null();
	}
	if (start < 0)
		start = start + n < 0 ? 0 : start + n;
	if (stop < 0)
		stop += n;
	for (i = start; i < stop && i < n; i++) {
		int r = obj_eq(t, items[i], args[1]);

		if (r != 0) {
			val_array_free(items, n);
			return r < 0 ? val_null() : val_int(i);
		}
	}
	val_array_free(items, n);
	if (IS_LIST(args[0])) {
		struct val rep = obj_repr(t, args[1]);

		if (rep.tag == V_NULL)
			return rep;
		vm_raise(t, EXC(ValueError), "%s is not in list",
		    VAL_AS(str, rep)->data);
		val_decref(rep);
		return val_null();
	}
	return vm_raise(t, EXC(ValueError), "tuple.index(x): x not in tuple");
}

static struct val
list_m_count(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	*items;
	int64_t		 n, i, c = 0;

	NOKW("count");
	if (arg_count(t, "count", nargs - 1, 1, 1) < 0)
		return val_null();
	items = list_snapshot(args[0], &n);
	for (i = 0; i < n; i++) {
		int r = obj_eq(t, items[i], args[1]);

		if (r < 0) {
			val_array_free(items, n);
			return val_null();
		}
		c += r;
	}
	val_array_free(items, n);
	return val_int(c);
}

static struct val
list_m_remove(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l = SELF_LIST;
	int64_t		 i;

	NOKW("remove");
	if (arg_count(t, "remove", nargs - 1, 1, 1) < 0)
		return val_null();
	for (i = 0;; i++) {
		struct val	x = list_getref(l, i);
		int		r;

		if (x.tag == V_NULL)
			break;
		r = obj_eq(t, x, args[1]);
		if (r < 0) {
			val_decref(x);
			return val_null();
		}
		if (r) {
			struct val old = val_null();

			/* Remove x itself: another thread may have moved it. */
			obj_lock(l);
			if (i >= l->len || l->items[i].tag != x.tag ||
			    l->items[i].u.i != x.u.i)
				for (i = 0; i < l->len; i++)
					if (l->items[i].tag == x.tag &&
					    l->items[i].u.i == x.u.i)
						break;
			if (i < l->len) {
				old = l->items[i];
				memmove(l->items + i, l->items + i + 1,
				    sizeof *l->items * (size_t)(l->len - i - 1));
				__atomic_store_n(&l->len, l->len - 1,
				    __ATOMIC_RELAXED);
			}
			obj_unlock(l);
			val_decref(old);
			val_decref(x);
			if (old.tag == V_NULL)
				break;
			return val_none();
		}
		val_decref(x);
	}
	return vm_raise(t, EXC(ValueError), "list.remove(x): x not in list");
}

static struct val
list_m_reverse(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l = SELF_LIST;
	int64_t		 i;

	NOKW("reverse");
	if (arg_count(t, "reverse", nargs - 1, 0, 0) < 0)
		return val_null();
	obj_lock(l);
	for (i = 0; i < l->len / 2; i++) {
		struct val x = l->items[i];

		l->items[i] = l->items[l->len - 1 - i];
		l->items[l->len - 1 - i] = x;
	}
	obj_unlock(l);
	return val_none();
}

static struct val
list_m_clear(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l = SELF_LIST;
	int64_t		 n, i;
	struct val	*items;

	NOKW("clear");
	(void)nargs;
	obj_lock(l);
	n = l->len;
	items = l->items;
	l->items = NULL;
	__atomic_store_n(&l->len, 0, __ATOMIC_RELAXED);
	l->cap = 0;
	obj_unlock(l);
	for (i = 0; i < n; i++)
		val_decref(items[i]);
	free(items);
	return val_none();
}

static struct val
list_m_copy(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("copy");
	(void)nargs;
	return val_obj(seq_to_list(t, args[0]));
}

/* Whether sorting l compares in C only (all numbers or all str). */
static int
list_sort_plain(struct list *l)
{
	int64_t	i;
	int	nums = 0, strs = 0;

	for (i = 0; i < l->len; i++) {
		struct val v = l->items[i];

		if (v.tag == V_INT || v.tag == V_FLOAT || v.tag == V_BOOL)
			nums = 1;
		else if (v.tag == V_OBJ && v.u.o->type->layout == L_STR &&
		    !(v.u.o->type->flags & TF_USER))
			strs = 1;
		else
			return 0;
	}
	return !(nums && strs);
}

/*
 * list.sort of a list other threads may use (free-threaded mode). Numbers
 * or strs without a key: sorted in place under the stripe (no Python
 * runs). Otherwise a copy is sorted unlocked and swapped in only if the
 * list did not change meanwhile, else ValueError as in CPython.
 */
static struct val
list_sort_shared(struct vm_thread *t, struct list *l, struct val key, int rev)
{
	struct list	*c;
	struct val	*orig, r;
	int64_t		 n, i;
	int		 same;

	if (key.tag == V_NULL || key.tag == V_NONE) {
		obj_lock(l);
		if (list_sort_plain(l)) {
			r = builtin_sorted_list(t, l, key, rev);
			obj_unlock(l);
			return r;
		}
		obj_unlock(l);
	}
	c = list_new(0);
	free(c->items);
	c->items = list_snapshot(val_obj(l), &n);
	c->len = n;
	c->cap = n + 1;
	orig = xreallocarray(NULL, (size_t)n + 1, sizeof *orig);
	memcpy(orig, c->items, sizeof *orig * (size_t)n);
	r = builtin_sorted_list(t, c, key, rev);
	if (r.tag != V_NULL) {
		obj_lock(l);
		same = l->len == n;
		for (i = 0; same && i < n; i++)
			same = l->items[i].tag == orig[i].tag &&
			    l->items[i].u.i == orig[i].u.i;
		if (same) {
			struct val	*items = l->items;
			int64_t		 cap = l->cap;

			l->items = c->items;
			l->cap = c->cap;
			c->items = items;	/* same values: c drops them */
			c->cap = cap;
		}
		obj_unlock(l);
		if (!same)
			r = vm_raise(t, EXC(ValueError), "list modified during sort");
	}
	free(orig);
	OBJ_DECREF(c);
	return r;
}

static struct val
list_m_sort(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	static const char *const allowed[] = { "key", "reverse", NULL };
	struct val	 key = kw_get(kw, "key"), rev = kw_get(kw, "reverse");
	struct val	 r;

	if (kw_check(t, "sort", kw, allowed) < 0)
		return val_null();
	if (nargs > 1)
		return vm_raise(t, EXC(TypeError),
		    "sort() takes no positional arguments");
	if (LANG_FT)
		r = list_sort_shared(t, SELF_LIST, key, rev.tag != V_NULL &&
		    obj_truth(t, rev));
	else
		r = builtin_sorted_list(t, SELF_LIST, key, rev.tag != V_NULL &&
		    obj_truth(t, rev));
	if (r.tag == V_NULL)
		return r;
	return val_none();
}

/* ---- dict methods ------------------------------------------------------- */

static struct val
dict_m_get(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val r;

	NOKW("get");
	if (arg_count(t, "get", nargs - 1, 1, 2) < 0)
		return val_null();
	r = dict_getref(SELF_DICT, args[1]);
	if (r.tag != V_NULL)
		return r;
	if (t->exc.tag != V_NULL)
		return val_null();
	return nargs > 2 ? val_dup(args[2]) : val_none();
}

static struct val
dict_view(struct dict *d, int kind)
{
	struct dictview *v = obj_alloc(TYPE(kind == IT_DICT_KEYS ? T_DICTVIEW :
	    kind == IT_DICT_VALUES ? T_DICTVALUES : T_DICTITEMS), sizeof *v);

	v->d = d;
	OBJ_INCREF(d);
	v->kind = kind;
	return val_obj(v);
}

static struct val
dict_m_keys(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("keys");
	(void)nargs;
	return dict_view(SELF_DICT, IT_DICT_KEYS);
}

static struct val
dict_m_values(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("values");
	(void)nargs;
	return dict_view(SELF_DICT, IT_DICT_VALUES);
}

static struct val
dict_m_items(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("items");
	(void)nargs;
	return dict_view(SELF_DICT, IT_DICT_ITEMS);
}

static struct val
dict_m_pop(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val r;

	NOKW("pop");
	if (arg_count(t, "pop", nargs - 1, 1, 2) < 0)
		return val_null();
	switch (dict_pop(SELF_DICT, args[1], &r)) {
	case 1:
		return r;
	case -1:
		return val_null();
	}
	if (nargs > 2)
		return val_dup(args[2]);
	return vm_raise_val(t, exc_new(EXC(KeyError), &args[1], 1));
}

static struct val
dict_m_popitem(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct dict	*d = SELF_DICT;
	int64_t		 i;

	NOKW("popitem");
	(void)nargs;
	obj_lock(d);
	for (i = d->nentries - 1; i >= 0; i--) {
		struct dict_entry	*e = &d->entries[i];
		struct tuple		*tu;
		int64_t			 j;

		if (e->key.tag == V_NULL)
			continue;
		/* Find the index slot of entry i and mark it deleted. */
		for (j = 0; j <= d->mask; j++)
			if (d->index[j] == (int32_t)i) {
				d->index[j] = -2;
				break;
			}
		tu = tuple_new(2);
		tu->items[0] = e->key;
		tu->items[1] = e->value;
		e->key = val_null();
		e->value = val_null();
		__atomic_store_n(&d->len, d->len - 1, __ATOMIC_RELAXED);
		d->version = dict_next_version();
		obj_unlock(d);
		return val_obj(tu);
	}
	obj_unlock(d);
	return vm_raise(t, EXC(KeyError), "popitem(): dictionary is empty");
}

static struct val
dict_m_setdefault(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct val r, old;

	NOKW("setdefault");
	if (arg_count(t, "setdefault", nargs - 1, 1, 2) < 0)
		return val_null();
	r = nargs > 2 ? args[2] : val_none();
	if (dict_set1(SELF_DICT, args[1], r, &old) < 0)
		return val_null();
	if (old.tag != V_NULL)
		return old;
	return val_dup(r);
}

/* Merge a mapping or an iterable of pairs into d. */
static int
dict_merge_from(struct vm_thread *t, struct dict *d, struct val src)
{
	int64_t		 pos = 0, i;
	struct val	 k, v;
	struct list	*l;

	if (IS_DICT(src)) {
		struct val	*a;
		int64_t		 n;

		(void)pos;
		(void)k;
		a = dict_snapshot(VAL_AS(dict, src), &n);
		for (i = 0; i < n; i++)
			if (dict_set(d, a[2 * i], a[2 * i + 1]) < 0) {
				dict_snapshot_free(a, n);
				return -1;
			}
		dict_snapshot_free(a, n);
		return 0;
	}
	if (src.tag == V_OBJ && (src.u.o->type->flags & TF_USER) &&
	    obj_getattr_opt(t, src, str_intern("keys")).tag != V_NULL) {
		struct val keys = obj_call_method(t, src, "keys", NULL, 0);

		if (keys.tag == V_NULL)
			return -1;
		l = seq_to_list(t, keys);
		val_decref(keys);
		if (l == NULL)
			return -1;
		for (i = 0; i < l->len; i++) {
			v = obj_getitem(t, src, l->items[i]);
			if (v.tag == V_NULL || dict_set(d, l->items[i], v) < 0) {
				val_decref(v);
				OBJ_DECREF(l);
				return -1;
			}
			val_decref(v);
		}
		OBJ_DECREF(l);
		return 0;
	}
	l = seq_to_list(t, src);
	if (l == NULL)
		return -1;
	for (i = 0; i < l->len; i++) {
		struct list *pair = seq_to_list(t, l->items[i]);

		if (pair == NULL) {
			if (vm_exc_matches(t, EXC(TypeError))) {
				vm_clear_exc(t);
				vm_raise(t, EXC(TypeError),
				    "cannot convert dictionary update sequence element #%lld to a sequence",
				    (long long)i);
			}
			OBJ_DECREF(l);
			return -1;
		}
		if (pair->len != 2) {
			vm_raise(t, EXC(ValueError),
			    "dictionary update sequence element #%lld has length %lld; 2 is required",
			    (long long)i, (long long)pair->len);
			OBJ_DECREF(pair);
			OBJ_DECREF(l);
			return -1;
		}
		if (dict_set(d, pair->items[0], pair->items[1]) < 0) {
			OBJ_DECREF(pair);
			OBJ_DECREF(l);
			return -1;
		}
		OBJ_DECREF(pair);
	}
	OBJ_DECREF(l);
	return 0;
}

static struct val
dict_m_update(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	if (arg_count(t, "update", nargs - 1, 0, 1) < 0)
		return val_null();
	if (nargs > 1 && dict_merge_from(t, SELF_DICT, args[1]) < 0)
		return val_null();
	if (kw != NULL && dict_merge_from(t, SELF_DICT, val_obj(kw)) < 0)
		return val_null();
	return val_none();
}

static struct val
dict_m_clear(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct dict		*d = SELF_DICT;
	struct dict_entry	*e;
	int32_t			*index;
	int64_t			 n, i;

	NOKW("clear");
	(void)nargs;
	obj_lock(d);
	e = d->entries;
	index = d->index;
	n = d->nentries;
	d->entries = NULL;
	d->index = NULL;
	d->nentries = d->cap = 0;
	d->mask = -1;
	__atomic_store_n(&d->len, 0, __ATOMIC_RELAXED);
	d->version = dict_next_version();
	obj_unlock(d);
	for (i = 0; i < n; i++) {
		val_decref(e[i].key);
		val_decref(e[i].value);
	}
	free(e);
	free(index);
	return val_none();
}

static struct val
dict_m_copy(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("copy");
	(void)nargs;
	return val_obj(dict_copy(SELF_DICT));
}

static struct val
dict_m_fromkeys(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l;
	struct dict	*d;
	int64_t		 i;

	NOKW("fromkeys");
	/* args[0] is the class (classmethod) */
	if (arg_count(t, "fromkeys", nargs - 1, 1, 2) < 0)
		return val_null();
	l = seq_to_list(t, args[1]);
	if (l == NULL)
		return val_null();
	d = dict_new();
	for (i = 0; i < l->len; i++)
		if (dict_set(d, l->items[i], nargs > 2 ? args[2] : val_none()) < 0) {
			OBJ_DECREF(l);
			OBJ_DECREF(d);
			return val_null();
		}
	OBJ_DECREF(l);
	return val_obj(d);
}

/* ---- set methods -------------------------------------------------------- */

/* A set from any iterable; NULL on error. */
static struct set *
set_from(struct vm_thread *t, struct val v, int frozen)
{
	struct set	*s = set_new(frozen);
	struct list	*l;
	int64_t		 i;

	if (val_is_obj(v, L_SETO)) {
		int64_t		 n;
		struct val	*a = set_snapshot(VAL_AS(set, v), &n);

		for (i = 0; i < n; i++)
			set_add(s, a[i]);
		val_array_free(a, n);
		return s;
	}
	if (IS_DICT(v)) {
		int64_t		 n;
		struct val	*a = dict_snapshot(VAL_AS(dict, v), &n);

		for (i = 0; i < n; i++)
			if (set_add(s, a[2 * i]) < 0) {
				dict_snapshot_free(a, n);
				OBJ_DECREF(s);
				return NULL;
			}
		dict_snapshot_free(a, n);
		return s;
	}
	l = seq_to_list(t, v);
	if (l == NULL) {
		OBJ_DECREF(s);
		return NULL;
	}
	for (i = 0; i < l->len; i++)
		if (set_add(s, l->items[i]) < 0) {
			OBJ_DECREF(l);
			OBJ_DECREF(s);
			return NULL;
		}
	OBJ_DECREF(l);
	return s;
}

static struct val
set_m_add(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("add");
	if (arg_count(t, "add", nargs - 1, 1, 1) < 0)
		return val_null();
	if (set_add(SELF_SET, args[1]) < 0)
		return val_null();
	return val_none();
}

static struct val
set_m_remove(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int r;

	NOKW("remove");
	if (arg_count(t, "remove", nargs - 1, 1, 1) < 0)
		return val_null();
	r = set_discard(SELF_SET, args[1]);
	if (r < 0)
		return val_null();
	if (r == 0)
		return vm_raise_val(t, exc_new(EXC(KeyError), &args[1], 1));
	return val_none();
}

static struct val
set_m_discard(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("discard");
	if (arg_count(t, "discard", nargs - 1, 1, 1) < 0)
		return val_null();
	if (set_discard(SELF_SET, args[1]) < 0)
		return val_null();
	return val_none();
}

static struct val
set_m_pop(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct set	*s = SELF_SET;
	int64_t		 pos = 0;
	struct val	 k;

	NOKW("pop");
	(void)nargs;
	obj_lock(s);
	while (pos <= s->mask) {
		struct set_entry *e = &s->table[pos++];

		if (e->used == 1) {
			k = e->key;
			e->used = 2;
			e->key = val_null();
			e->hash = -1;
			__atomic_store_n(&s->len, s->len - 1, __ATOMIC_RELAXED);
			s->stamp++;
			obj_unlock(s);
			return k;
		}
	}
	obj_unlock(s);
	return vm_raise(t, EXC(KeyError), "pop from an empty set");
}

static struct val
set_m_clear(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct set		*s = SELF_SET;
	struct set_entry	*old, *fresh;
	int64_t			 n, i;

	NOKW("clear");
	(void)nargs;
	fresh = xcalloc(SET_MINSIZE, sizeof *s->table);
	obj_lock(s);
	old = s->table;
	n = s->mask + 1;
	s->table = fresh;
	s->mask = SET_MINSIZE - 1;
	__atomic_store_n(&s->len, 0, __ATOMIC_RELAXED);
	s->fill = 0;
	s->stamp++;
	obj_unlock(s);
	for (i = 0; i < n; i++)
		if (old[i].used == 1)
			val_decref(old[i].key);
	free(old);
	return val_none();
}

static struct val
set_m_copy(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("copy");
	(void)nargs;
	return val_obj(set_from(t, args[0], SELF_SET->frozen));
}

/* union/intersection/difference/symmetric_difference over many args. */
static struct val
set_multi(struct vm_thread *t, struct val *args, int nargs, int op, int update)
{
	struct val	cur;
	int		i;

	if (update) {
		/* In place, element by element (atomic per element, as CPython). */
		for (i = 1; i < nargs; i++) {
			struct set *o = set_from(t, args[i], 0);

			if (o == NULL)
				return val_null();
			set_inplace(SELF_SET, op, o);
			OBJ_DECREF(o);
		}
		return val_none();
	}
	cur = val_dup(args[0]);
	for (i = 1; i < nargs; i++) {
		struct set *o = set_from(t, args[i], 0);
		struct val r;

		if (o == NULL) {
			val_decref(cur);
			return val_null();
		}
		r = obj_binop(t, op, cur, val_obj(o), 0);
		OBJ_DECREF(o);
		val_decref(cur);
		if (r.tag == V_NULL)
			return r;
		cur = r;
	}
	if (nargs == 1) {
		val_decref(cur);
		return val_obj(set_from(t, args[0], SELF_SET->frozen));
	}
	return cur;
}

static struct val
set_m_union(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("union");
	return set_multi(t, args, nargs, OP_OR, 0);
}

static struct val
set_m_intersection(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	NOKW("intersection");
	return set_multi(t, args, nargs, OP_AND, 0);
}

static struct val
set_m_difference(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	NOKW("difference");
	return set_multi(t, args, nargs, OP_SUB, 0);
}

static struct val
set_m_symdiff(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("symmetric_difference");
	return set_multi(t, args, nargs, OP_XOR, 0);
}

static struct val
set_m_update(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("update");
	return set_multi(t, args, nargs, OP_OR, 1);
}

static struct val
set_m_intersection_update(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	NOKW("intersection_update");
	return set_multi(t, args, nargs, OP_AND, 1);
}

static struct val
set_m_difference_update(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	NOKW("difference_update");
	return set_multi(t, args, nargs, OP_SUB, 1);
}

static struct val
set_m_symdiff_update(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	NOKW("symmetric_difference_update");
	return set_multi(t, args, nargs, OP_XOR, 1);
}

static struct val
set_m_issubset(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct set *o;
	struct val r;

	NOKW("issubset");
	if (arg_count(t, "issubset", nargs - 1, 1, 1) < 0)
		return val_null();
	if ((o = set_from(t, args[1], 0)) == NULL)
		return val_null();
	r = obj_compare(t, args[0], val_obj(o), OP_LE);
	OBJ_DECREF(o);
	return r;
}

static struct val
set_m_issuperset(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct set *o;
	struct val r;

	NOKW("issuperset");
	if (arg_count(t, "issuperset", nargs - 1, 1, 1) < 0)
		return val_null();
	if ((o = set_from(t, args[1], 0)) == NULL)
		return val_null();
	r = obj_compare(t, args[0], val_obj(o), OP_GE);
	OBJ_DECREF(o);
	return r;
}

static struct val
set_m_isdisjoint(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct set	*o;
	int64_t		 pos = 0;
	struct val	 k;

	NOKW("isdisjoint");
	if (arg_count(t, "isdisjoint", nargs - 1, 1, 1) < 0)
		return val_null();
	if ((o = set_from(t, args[1], 0)) == NULL)
		return val_null();
	while (set_next(o, &pos, &k))
		if (set_contains(SELF_SET, k)) {
			OBJ_DECREF(o);
			return val_bool(0);
		}
	OBJ_DECREF(o);
	return val_bool(1);
}

/* ---- constructors ------------------------------------------------------- */

static struct val
ctor_list(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list *l;

	NOKW("list");
	if (arg_count(t, "list", nargs, 0, 1) < 0)
		return val_null();
	if (nargs == 0)
		return val_obj(list_new(0));
	l = seq_to_list(t, args[0]);
	return l ? val_obj(l) : val_null();
}

static struct val
ctor_tuple(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l;
	struct tuple	*tu;
	int64_t		 i;

	NOKW("tuple");
	if (arg_count(t, "tuple", nargs, 0, 1) < 0)
		return val_null();
	if (nargs == 0)
		return val_obj(tuple_new(0));
	if (IS_TUPLE(args[0]))
		return val_dup(args[0]);
	l = seq_to_list(t, args[0]);
	if (l == NULL)
		return val_null();
	tu = tuple_new(l->len);
	for (i = 0; i < l->len; i++)
		tu->items[i] = val_dup(l->items[i]);
	OBJ_DECREF(l);
	return val_obj(tu);
}

static struct val
ctor_dict(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct dict *d;

	if (arg_count(t, "dict", nargs, 0, 1) < 0)
		return val_null();
	d = dict_new();
	if (nargs > 0 && dict_merge_from(t, d, args[0]) < 0) {
		OBJ_DECREF(d);
		return val_null();
	}
	if (kw != NULL && dict_merge_from(t, d, val_obj(kw)) < 0) {
		OBJ_DECREF(d);
		return val_null();
	}
	return val_obj(d);
}

static struct val
ctor_set(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct set *s;

	NOKW("set");
	if (arg_count(t, "set", nargs, 0, 1) < 0)
		return val_null();
	if (nargs == 0)
		return val_obj(set_new(0));
	s = set_from(t, args[0], 0);
	return s ? val_obj(s) : val_null();
}

static struct val
ctor_frozenset(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct set *s;

	NOKW("frozenset");
	if (arg_count(t, "frozenset", nargs, 0, 1) < 0)
		return val_null();
	if (nargs == 0)
		return val_obj(set_new(1));
	s = set_from(t, args[0], 1);
	return s ? val_obj(s) : val_null();
}

static struct val
ctor_range(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t a = 0, b, c = 1;
	int i;

	NOKW("range");
	if (nargs < 1 || nargs > 3) {
		if (nargs == 0)
			return vm_raise(t, EXC(TypeError),
			    "range expected at least 1 argument, got 0");
		return vm_raise(t, EXC(TypeError),
		    "range expected at most 3 arguments, got %d", nargs);
	}
	for (i = 0; i < nargs; i++)
		if (args[i].tag == V_FLOAT || (args[i].tag == V_OBJ &&
		    !(args[i].u.o->type->flags & TF_USER)))
			return vm_raise(t, EXC(TypeError),
			    "'%s' object cannot be interpreted as an integer",
			    val_type_name(args[i]));
	if (nargs == 1) {
		if (val_to_index(t, args[0], &b) < 0)
			return val_null();
	} else {
		if (val_to_index(t, args[0], &a) < 0 ||
		    val_to_index(t, args[1], &b) < 0)
			return val_null();
		if (nargs == 3 && val_to_index(t, args[2], &c) < 0)
			return val_null();
		if (c == 0)
			return vm_raise(t, EXC(ValueError),
			    "range() arg 3 must not be zero");
	}
	return range_new(a, b, c);
}

static struct val
ctor_slice(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("slice");
	if (arg_count(t, "slice", nargs, 1, 3) < 0)
		return val_null();
	if (nargs == 1)
		return slice_new(val_none(), args[0], val_none());
	return slice_new(args[0], args[1], nargs > 2 ? args[2] : val_none());
}

static struct val
ctor_bytes(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	NOKW("bytes");
	if (nargs == 0)
		return val_obj(bytes_new(NULL, 0));
	if (IS_STR(args[0])) {
		if (nargs < 2)
			return vm_raise(t, EXC(TypeError),
			    "string argument without an encoding");
		return val_obj(bytes_new((unsigned char *)VAL_AS(str, args[0])->data,
		    VAL_AS(str, args[0])->len));
	}
	if (args[0].tag == V_INT) {
		if (args[0].u.i < 0)
			return vm_raise(t, EXC(ValueError), "negative count");
		return val_obj(bytes_new(NULL, args[0].u.i));
	}
	{
		struct list *l = seq_to_list(t, args[0]);
		struct bytes *b;
		int64_t i;

		if (l == NULL)
			return val_null();
		b = bytes_new(NULL, l->len);
		for (i = 0; i < l->len; i++) {
			if (l->items[i].tag != V_INT || l->items[i].u.i < 0 ||
			    l->items[i].u.i > 255) {
				OBJ_DECREF(l);
				OBJ_DECREF(b);
				return vm_raise(t, EXC(ValueError),
				    "bytes must be in range(0, 256)");
			}
			b->data[i] = (unsigned char)l->items[i].u.i;
		}
		OBJ_DECREF(l);
		return val_obj(b);
	}
}

static struct val
slice_m_indices(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	int64_t n, lo, hi, st, sl;

	NOKW("indices");
	if (arg_count(t, "indices", nargs - 1, 1, 1) < 0 ||
	    val_to_index(t, args[1], &n) < 0)
		return val_null();
	if (n < 0)
		return vm_raise(t, EXC(ValueError), "length should not be negative");
	if (slice_indices(t, VAL_AS(slice, args[0]), n, &lo, &hi, &st, &sl) < 0)
		return val_null();
	return val_obj(tuple_pack(3, val_int(lo), val_int(hi), val_int(st)));
}

static struct val
bytes_m_decode(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct bytes *b = VAL_AS(bytes, args[0]);

	(void)t;
	(void)nargs;
	(void)kw;
	return val_obj(str_new((char *)b->data, (size_t)b->len));
}

static struct val
bytes_m_hex(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct bytes	*b = VAL_AS(bytes, args[0]);
	struct buf	 out;
	int64_t		 i;

	(void)t;
	(void)nargs;
	(void)kw;
	buf_init(&out);
	for (i = 0; i < b->len; i++)
		buf_printf(&out, "%02x", b->data[i]);
	return val_obj(str_from_buf(&out));
}

static struct val
range_m_index(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct range *r = VAL_AS(range, args[0]);
	int c;

	NOKW("index");
	if (arg_count(t, "index", nargs - 1, 1, 1) < 0)
		return val_null();
	c = obj_contains(t, args[0], args[1]);
	if (c < 0)
		return val_null();
	if (!c)
		return vm_raise(t, EXC(ValueError), "%lld is not in range",
		    (long long)args[1].u.i);
	return val_int((args[1].u.i - r->start) / r->step);
}

static struct val
range_m_count(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int c;

	NOKW("count");
	if (arg_count(t, "count", nargs - 1, 1, 1) < 0)
		return val_null();
	c = obj_contains(t, args[0], args[1]);
	if (c < 0)
		return val_null();
	return val_int(c);
}

/* Register container methods and constructors. */
void
containers_init(struct interp *in)
{
	struct type *l = in->types[T_LIST], *d = in->types[T_DICT];
	struct type *s = in->types[T_SET], *fs = in->types[T_FROZENSET];
	struct type *tu = in->types[T_TUPLE];

	l->ctor = ctor_list;
	tu->ctor = ctor_tuple;
	d->ctor = ctor_dict;
	s->ctor = ctor_set;
	fs->ctor = ctor_frozenset;
	in->types[T_RANGE]->ctor = ctor_range;
	in->types[T_SLICE]->ctor = ctor_slice;
	in->types[T_BYTES]->ctor = ctor_bytes;
	type_add_method(l, "append", list_m_append);
	type_add_method(l, "extend", list_m_extend);
	type_add_method(l, "pop", list_m_pop);
	type_add_method(l, "insert", list_m_insert);
	type_add_method(l, "index", list_m_index);
	type_add_method(l, "count", list_m_count);
	type_add_method(l, "remove", list_m_remove);
	type_add_method(l, "reverse", list_m_reverse);
	type_add_method(l, "clear", list_m_clear);
	type_add_method(l, "copy", list_m_copy);
	type_add_method(l, "sort", list_m_sort);
	type_add_method(tu, "index", list_m_index);
	type_add_method(tu, "count", list_m_count);
	type_add_method(d, "get", dict_m_get);
	type_add_method(d, "keys", dict_m_keys);
	type_add_method(d, "values", dict_m_values);
	type_add_method(d, "items", dict_m_items);
	type_add_method(d, "pop", dict_m_pop);
	type_add_method(d, "popitem", dict_m_popitem);
	type_add_method(d, "setdefault", dict_m_setdefault);
	type_add_method(d, "update", dict_m_update);
	type_add_method(d, "clear", dict_m_clear);
	type_add_method(d, "copy", dict_m_copy);
	{
		struct wrapper *w = obj_alloc(in->types[T_CLASSMETHOD], sizeof *w);

		w->fn = val_obj(cfunc_new("fromkeys", dict_m_fromkeys, val_null()));
		dict_set_cstr(d->dict, "fromkeys", val_obj(w));
	}
	type_add_method(s, "add", set_m_add);
	type_add_method(s, "remove", set_m_remove);
	type_add_method(s, "discard", set_m_discard);
	type_add_method(s, "pop", set_m_pop);
	type_add_method(s, "clear", set_m_clear);
	type_add_method(s, "update", set_m_update);
	type_add_method(s, "intersection_update", set_m_intersection_update);
	type_add_method(s, "difference_update", set_m_difference_update);
	type_add_method(s, "symmetric_difference_update", set_m_symdiff_update);
	{
		struct type *both[2];
		int i;

		both[0] = s;
		both[1] = fs;
		for (i = 0; i < 2; i++) {
			type_add_method(both[i], "copy", set_m_copy);
			type_add_method(both[i], "union", set_m_union);
			type_add_method(both[i], "intersection", set_m_intersection);
			type_add_method(both[i], "difference", set_m_difference);
			type_add_method(both[i], "symmetric_difference", set_m_symdiff);
			type_add_method(both[i], "issubset", set_m_issubset);
			type_add_method(both[i], "issuperset", set_m_issuperset);
			type_add_method(both[i], "isdisjoint", set_m_isdisjoint);
		}
	}
	type_add_method(in->types[T_BYTES], "decode", bytes_m_decode);
	type_add_method(in->types[T_SLICE], "indices", slice_m_indices);
	type_add_method(in->types[T_BYTES], "hex", bytes_m_hex);
	type_add_method(in->types[T_RANGE], "index", range_m_index);
	type_add_method(in->types[T_RANGE], "count", range_m_count);
}
