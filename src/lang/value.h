/*
 * value.h — the value representation and the object model of the language.
 *
 * Owns the layout of every run-time value and the inline helpers that copy
 * and drop them. It must not know about frames, threads or the compiler.
 *
 * Value representation (chosen for speed): a 16-byte tagged struct passed by
 * value. None, bool, int (int64) and float (double) are unboxed, so integer
 * loops and float arithmetic never allocate; everything else is a pointer to
 * a reference-counted heap object (tag V_OBJ). The all-zero value (V_NULL) is
 * "no value": an unbound local, an absent argument, or "an exception is
 * pending" when a function returns it.
 *
 * Reference counting: obj->rc counts references. With the GIL (modern and
 * legacy modes) plain increments are safe because only the GIL holder runs
 * Python code. In the free-threaded mode (--gil=none) the runtime sets the
 * process-wide switch lang_ft before a second thread can exist; from then
 * on the helpers below use __atomic_fetch_add (relaxed) and
 * __atomic_sub_fetch (acq_rel, so the freeing thread sees every write made
 * through the other references). lang_ft is written once, before any
 * other thread starts, and never cleared, so reading it is race-free; the
 * test is one predictable branch on a global (measured: no difference in
 * the lang benchmarks). OBJ_INCREF/OBJ_DECREF/val_incref/val_decref/val_dup
 * are the only places that touch rc.
 *
 * Per-object locks (free-threaded mode only): obj_lock(o)/obj_unlock(o)
 * take one of LANG_STRIPES mutexes chosen by the object's address (no room
 * in the header, no cost with a GIL: both are a not-taken branch). The
 * rules that keep them deadlock-free: a thread holds at most one stripe at
 * a time (asserted); nothing called under a stripe runs Python code or
 * takes another stripe (so no attribute lookup, and key compares only when
 * C alone decides them). Dropping a reference under a stripe is allowed:
 * obj_dealloc runs no Python code and takes no stripe. An operation on two
 * containers copies the source under its lock first (a snapshot), then
 * updates the destination under its own. Only the allocator's list lock
 * (a leaf) and malloc are taken under a stripe.
 *
 * Every heap object is linked into its interpreter's object list (obj->next,
 * obj->prev) so that interpreter teardown can free everything, including
 * reference cycles, and a cycle collector can be added later. In the
 * free-threaded mode the list is guarded by one leaf mutex (object.c).
 */
#ifndef CONCVIZ_LANG_VALUE_H
#define CONCVIZ_LANG_VALUE_H

#include <stddef.h>
#include <stdint.h>

enum val_tag {
	V_NULL = 0,	/* no value / error pending */
	V_NONE,
	V_BOOL,
	V_INT,
	V_FLOAT,
	V_OBJ
};

struct obj;

struct val {
	uint32_t	tag;
	uint32_t	pad;
	union {
		int64_t		 i;
		double		 f;
		struct obj	*o;
	} u;
};

struct type;
struct interp;
struct vm_thread;
struct dict;
struct tuple;

/* The header of every heap object. */
struct obj {
	int64_t		 rc;
	struct type	*type;
	struct obj	*next;		/* interp object list */
	struct obj	*prev;
};

/* Which C struct instances of a type use. */
enum layout {
	L_TYPE = 1, L_STR, L_BYTES, L_LIST, L_TUPLE, L_DICT, L_SETO, L_RANGE,
	L_SLICE, L_FUNC, L_CFUNC, L_METHOD, L_CELL, L_CODE, L_GEN, L_INST,
	L_EXC, L_MODULE, L_ITER, L_PROPERTY, L_STATICM, L_CLASSM, L_SUPER,
	L_NOTIMPL, L_OPAQUE
};

/* Type flags. */
#define TF_USER		0x1	/* defined by a class statement */
#define TF_EXC		0x2	/* BaseException or a subclass */
#define TF_FINAL	0x4	/* cannot be subclassed */
#define TF_HAS_GETATTR	0x8	/* defines __getattr__ */
#define TF_HAS_SETATTR	0x10	/* defines __setattr__ in Python */
#define TF_HAS_PROPERTY	0x20	/* a property somewhere in the MRO */
#define TF_LOCAL	0x40	/* threading.local: a dict per thread */

/* A C function callable from Python. Returns V_NULL with an exception set. */
typedef struct val (*cfunc_fn)(struct vm_thread *, struct val *args, int nargs,
    struct dict *kw);

/* A type (class). Builtin and user classes share this layout. */
struct type {
	struct obj	 hdr;
	char		*name;
	struct type	*base;		/* single inheritance chain */
	struct tuple	*bases;		/* all bases (for MRO); may be NULL */
	struct tuple	*mro;		/* linearised, starts with this type */
	struct dict	*dict;		/* attributes and methods */
	int		 layout;
	unsigned	 flags;
	uint64_t	 version;	/* bumped on attribute change */
	cfunc_fn	 ctor;		/* builtin constructor: args without cls */
};

struct str {
	struct obj	 hdr;
	int64_t		 len;		/* bytes */
	int64_t		 nchars;	/* code points */
	int64_t		 hash;		/* -1 if not yet computed */
	int		 ascii;
	char		 data[];	/* NUL-terminated UTF-8 */
};

struct bytes {
	struct obj	 hdr;
	int64_t		 len;
	unsigned char	 data[];
};

struct list {
	struct obj	 hdr;
	int64_t		 len;
	int64_t		 cap;
	struct val	*items;
};

struct tuple {
	struct obj	 hdr;
	int64_t		 len;
	int64_t		 hash;
	struct val	 items[];
};

struct dict_entry {
	int64_t		 hash;
	struct val	 key;		/* V_NULL: deleted */
	struct val	 value;
};

/* Insertion-ordered hash table: an entry array and an index table. */
struct dict {
	struct obj		 hdr;
	int64_t			 len;	/* live entries */
	int64_t			 nentries; /* used entry slots, incl. deleted */
	int64_t			 cap;	/* entry slots */
	int64_t			 mask;	/* index size - 1 */
	int32_t			*index;	/* -1 empty, -2 dummy, else entry */
	struct dict_entry	*entries;
	uint64_t		 version;
};

struct set_entry {
	int64_t		 hash;
	struct val	 key;		/* V_NULL empty; tag V_NULL with hash -1: dummy */
	int		 used;		/* 0 empty, 1 live, 2 dummy */
};

/* A set laid out like CPython's (open addressing, table order). */
struct set {
	struct obj		 hdr;
	int64_t			 len;
	int64_t			 fill;
	int64_t			 mask;
	struct set_entry	*table;
	int			 frozen;
	int64_t			 hash;
	uint64_t		 stamp;	/* bumped by every structural change */
};

struct range {
	struct obj	 hdr;
	int64_t		 start, stop, step, len;
};

struct slice {
	struct obj	 hdr;
	struct val	 start, stop, step;
};

struct cell {
	struct obj	 hdr;
	struct val	 v;
};

struct code;

struct func {
	struct obj	 hdr;
	struct code	*code;
	struct dict	*globals;
	struct tuple	*defaults;	/* may be NULL */
	struct dict	*kwdefaults;	/* may be NULL */
	struct tuple	*closure;	/* cells; may be NULL */
	struct str	*name;
	struct str	*qualname;
	struct dict	*dict;		/* function attributes; may be NULL */
	struct val	 doc;
	struct val	 module;
};

struct cfunc {
	struct obj	 hdr;
	const char	*name;
	cfunc_fn	 fn;
	struct val	 self;		/* bound receiver or V_NULL */
	int		 is_method;	/* in a type dict: binds self */
	struct type	*owner;		/* is_method: the type (not a reference) */
};

/* A bound method. */
struct method {
	struct obj	 hdr;
	struct val	 func;
	struct val	 self;
};

struct module {
	struct obj	 hdr;
	struct str	*name;
	struct dict	*dict;
};

struct instance {
	struct obj	 hdr;
	struct dict	*dict;
};

/* One traceback entry: a code object and the line being run. */
struct tbent {
	struct code	*code;
	int		 line;
};

/* An exception instance (BaseException and subclasses). */
struct exc {
	struct obj	 hdr;
	struct dict	*dict;
	struct tuple	*args;
	struct val	 cause;
	struct val	 context;
	int		 suppress_context;
	struct tbent	*tb;		/* traceback, innermost first */
	int		 ntb, captb;
	struct val	 value;		/* StopIteration.value, SystemExit.code */
	struct val	 suggestion;	/* "Did you mean" name, or V_NULL */
};

struct property {
	struct obj	 hdr;
	struct val	 fget, fset, fdel, doc;
};

/* staticmethod / classmethod wrappers. */
struct wrapper {
	struct obj	 hdr;
	struct val	 fn;
};

struct super {
	struct obj	 hdr;
	struct type	*type;
	struct val	 self;
};

/* The iterators of builtin containers and the lazy builtins. */
enum iter_kind {
	IT_LIST, IT_TUPLE, IT_STR, IT_RANGE, IT_DICT_KEYS, IT_DICT_VALUES,
	IT_DICT_ITEMS, IT_SET, IT_SEQ, IT_ENUMERATE, IT_ZIP, IT_MAP, IT_FILTER,
	IT_REVERSED, IT_BYTES, IT_CALLABLE
};

struct iter {
	struct obj	 hdr;
	int		 kind;
	struct val	 src;		/* what is iterated */
	int64_t		 i;		/* position */
	int64_t		 n;		/* bound or step */
	struct val	 fn;		/* map/filter function */
	struct tuple	*its;		/* zip/map iterators */
};

/* A dict view (keys/values/items). */
struct dictview {
	struct obj	 hdr;
	struct dict	*d;
	int		 kind;		/* IT_DICT_KEYS/VALUES/ITEMS */
};

/*
 * The free-threaded switch (see above): set by lang_ft_enable() while one
 * thread exists, read by everyone afterwards, never cleared.
 */
extern int	lang_ft;
#define LANG_FT	__builtin_expect(lang_ft, 0)

void	obj_dealloc(struct obj *);
void	lang_ft_enable(void);
void	lang_stripe_lock(const void *);
void	lang_stripe_unlock(const void *);

/* Take a new reference to o. */
static inline __attribute__((always_inline)) void
obj_incref(struct obj *o)
{
	if (LANG_FT)
		__atomic_fetch_add(&o->rc, 1, __ATOMIC_RELAXED);
	else
		o->rc++;
}

/* Drop a reference to o; free it when it was the last. */
static inline __attribute__((always_inline)) void
obj_decref(struct obj *o)
{
	if (LANG_FT) {
		if (__atomic_sub_fetch(&o->rc, 1, __ATOMIC_ACQ_REL) == 0)
			obj_dealloc(o);
	} else if (--o->rc == 0)
		obj_dealloc(o);
}

/* Lock / unlock o's stripe (free-threaded mode only; else nothing). */
static inline __attribute__((always_inline)) void
obj_lock(const void *o)
{
	if (LANG_FT)
		lang_stripe_lock(o);
}

static inline __attribute__((always_inline)) void
obj_unlock(const void *o)
{
	if (LANG_FT)
		lang_stripe_unlock(o);
}

/* Refcount helpers: with the inline functions, the only code touching rc. */
#define OBJ_INCREF(o)	obj_incref((struct obj *)(o))
#define OBJ_DECREF(o)	obj_decref((struct obj *)(o))
#define OBJ_XDECREF(o)	do { if ((o) != NULL) OBJ_DECREF(o); } while (0)

static inline struct val
val_int(int64_t i)
{
	struct val v;

	v.tag = V_INT;
	v.pad = 0;
	v.u.i = i;
	return v;
}

static inline struct val
val_float(double f)
{
	struct val v;

	v.tag = V_FLOAT;
	v.pad = 0;
	v.u.f = f;
	return v;
}

static inline struct val
val_bool(int b)
{
	struct val v;

	v.tag = V_BOOL;
	v.pad = 0;
	v.u.i = b != 0;
	return v;
}

static inline struct val
val_none(void)
{
	struct val v;

	v.tag = V_NONE;
	v.pad = 0;
	v.u.i = 0;
	return v;
}

static inline struct val
val_null(void)
{
	struct val v;

	v.tag = V_NULL;
	v.pad = 0;
	v.u.i = 0;
	return v;
}

/* Wrap an object pointer; takes over the caller's reference. */
static inline struct val
val_obj(void *o)
{
	struct val v;

	v.tag = V_OBJ;
	v.pad = 0;
	v.u.o = o;
	return v;
}

static inline __attribute__((always_inline)) void
val_incref(struct val v)
{
	if (v.tag == V_OBJ)
		obj_incref(v.u.o);
}

static inline __attribute__((always_inline)) void
val_decref(struct val v)
{
	if (v.tag == V_OBJ)
		obj_decref(v.u.o);
}

/* Copy a value, taking a new reference. */
static inline __attribute__((always_inline)) struct val
val_dup(struct val v)
{
	if (v.tag == V_OBJ)
		obj_incref(v.u.o);
	return v;
}

static inline int
val_is_obj(struct val v, int layout)
{
	return v.tag == V_OBJ && v.u.o->type->layout == layout;
}

#define VAL_AS(T, v)	((struct T *)(v).u.o)
#define IS_STR(v)	val_is_obj((v), L_STR)
#define IS_LIST(v)	val_is_obj((v), L_LIST)
#define IS_TUPLE(v)	val_is_obj((v), L_TUPLE)
#define IS_DICT(v)	val_is_obj((v), L_DICT)

#endif
