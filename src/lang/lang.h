/*
 * lang.h — the internal interface between the parts of src/lang: code
 * objects, frames, generators and the object API (construction, protocols,
 * errors). Not for use outside src/lang (use vm.h there).
 */
#ifndef CONCVIZ_LANG_LANG_H
#define CONCVIZ_LANG_LANG_H

#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "lang/ast.h"
#include "lang/opcodes.h"
#include "lang/value.h"
#include "lang/vm.h"

#define INTERP		(vm_cur->interp)
#define TYPE(id)	(INTERP->types[id])
#define EXC(id)		(INTERP->exc[E_##id])
#define IS_DICTVIEW_T(tp) ((tp) == TYPE(T_DICTVIEW) || (tp) == TYPE(T_DICTVALUES) || \
			    (tp) == TYPE(T_DICTITEMS))

/* A compiled function body. */
struct code {
	struct obj	 hdr;
	uint32_t	*insns;
	int32_t		*lines;		/* line per instruction */
	int		 ninsns;
	struct val	*consts;
	int		 nconsts;
	struct str	**names;
	int		 nnames;
	struct str	**varnames;	/* locals: params first */
	int		 nlocals;
	struct str	**cellnames;	/* cells then frees */
	int		 ncells, nfree;
	int		 nargs;		/* positional params */
	int		 nkwonly;
	int		 flags;
	int		 stacksize;
	struct str	*name;
	struct str	*qualname;
	struct str	*filename;
	int		 firstline;
	struct gcache	*gcache;	/* per-instruction LOAD_GLOBAL cache */
};

/* Inline cache of a global lookup: valid while the dict versions match. */
struct gcache {
	uint64_t	 gver;		/* globals version */
	uint64_t	 bver;		/* builtins version (if found there) */
	int32_t		 idx1;		/* entry index + 1; 0 = empty */
	int32_t		 inb;		/* found in builtins */
};

/* Block stack entry (try/with). */
struct block {
	int		 type;		/* B_EXCEPT or B_HANDLER */
	int		 handler;
	int		 level;		/* stack depth at setup */
	struct val	 saved;		/* B_HANDLER: previous handled exc */
};

enum { B_EXCEPT = 1, B_HANDLER };

#define FRAME_MAX_BLOCKS	32

/* An activation record; heap-allocated so generators can suspend it. */
struct frame {
	struct frame	*back;
	struct code	*code;
	struct func	*func;		/* may be NULL (module code) */
	struct dict	*globals;
	struct dict	*locals;	/* module / class body namespace */
	uint32_t	*ip;
	struct val	*sp;
	struct val	*stack;		/* base of the value stack */
	struct gen	*gen;		/* owning generator, or NULL */
	int		 entry;		/* return to C when this frame returns */
	int		 nblocks;
	int		 size_class;
	int		 nslots;
	struct block	 blocks[FRAME_MAX_BLOCKS];
	struct val	 slots[];	/* locals, cells, frees, stack */
};

struct gen {
	struct obj	 hdr;
	struct frame	*frame;		/* NULL when finished */
	struct str	*name;
	struct str	*qualname;
	int		 running;
	int		 started;
};

/* A new reference to a cell's value (V_NULL if empty); locked if threaded. */
static inline struct val
cell_getref(struct cell *c)
{
	struct val r;

	obj_lock(c);
	r = val_dup(c->v);
	obj_unlock(c);
	return r;
}

/* Store v in a cell (taking its reference); returns the old value's. */
static inline struct val
cell_swap(struct cell *c, struct val v)
{
	struct val old;

	obj_lock(c);
	old = c->v;
	c->v = v;
	obj_unlock(c);
	return old;
}

/*
 * Claim a generator for running: 0, or -1 if it is already executing (in
 * this thread or, free-threaded, in another one). gen_unclaim releases.
 */
static inline int
gen_claim(struct gen *g)
{
	int idle = 0;

	if (LANG_FT)
		return __atomic_compare_exchange_n(&g->running, &idle, 1, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ? 0 : -1;
	if (g->running)
		return -1;
	g->running = 1;
	return 0;
}

static inline void
gen_unclaim(struct gen *g)
{
	__atomic_store_n(&g->running, 0, __ATOMIC_RELEASE);
}

/* ---- compiler ----------------------------------------------------------- */

/* Compile a module. Returns a code object or NULL with *err filled. */
struct code	*compile_module(const char *src, size_t len, const char *path,
		    struct lang_error *err);
/* Format a compile error as FILE:LINE:COL: error: MSG + line + caret. */
char		*compile_error_format(const char *path, const char *src,
		    size_t len, const struct lang_error *err);

/* ---- objects ------------------------------------------------------------ */

void		*obj_alloc(struct type *, size_t);
void		 obj_free_all(struct interp *);
struct type	*val_type(struct val);
const char	*val_type_name(struct val);

struct str	*str_new(const char *, size_t);
struct str	*str_cstr(const char *);
struct str	*str_intern(const char *);
struct str	*str_from_buf(struct buf *);
struct val	 str_val(const char *);
int64_t		 str_hash(struct str *);
int		 str_eq(struct str *, struct str *);
struct str	*str_char_at(struct str *, int64_t);
int64_t		 utf8_decode(const char *, int64_t, int64_t *);
int		 utf8_encode(char *, uint32_t);
struct val	 str_method(struct vm_thread *, const char *, struct val *, int,
		    struct dict *);

struct bytes	*bytes_new(const unsigned char *, int64_t);

struct list	*list_new(int64_t);
void		 list_append(struct list *, struct val);	/* steals */
struct val	 list_pop(struct list *);
/* Shared-list access (free-threaded safe, see containers.c). */
int64_t		 list_len(struct list *);
struct val	 list_getref(struct list *, int64_t);	/* new ref */
int		 list_setitem(struct list *, int64_t, struct val);
int		 list_take(struct list *, int64_t, struct val *);
struct val	*list_snapshot(struct val seq, int64_t *);
void		 list_extend_vals(struct list *, const struct val *, int64_t);
void		 val_array_free(struct val *, int64_t);

struct tuple	*tuple_new(int64_t);
struct tuple	*tuple_pack(int, ...);

struct dict	*dict_new(void);
struct val	 dict_get(struct dict *, struct val);	/* borrowed */
struct val	 dict_get_str(struct dict *, struct str *);	/* borrowed */
struct val	 dict_get_cstr(struct dict *, const char *);
struct val	 dict_getref(struct dict *, struct val);	/* new ref */
struct val	 dict_getref_str(struct dict *, struct str *);	/* new ref */
int		 dict_pop(struct dict *, struct val, struct val *);
struct val	 dict_setdefault(struct dict *, struct val, struct val);
int		 dict_next_ref(struct dict *, int64_t *, struct val *,
		    struct val *);
struct val	*dict_snapshot(struct dict *, int64_t *);
void		 dict_snapshot_free(struct val *, int64_t);
int64_t		 dict_index_str(struct dict *, struct str *);
int		 dict_set(struct dict *, struct val, struct val);	/* -1 err */
int		 dict_set_str(struct dict *, struct str *, struct val);
void		 dict_set_cstr(struct dict *, const char *, struct val);
int		 dict_del(struct dict *, struct val);	/* 0 absent, 1, -1 */
int		 dict_next(struct dict *, int64_t *, struct val *, struct val *);
int		 dict_lookup(struct dict *, struct val, int64_t, struct val *);
struct dict	*dict_copy(struct dict *);

struct set	*set_new(int frozen);
int		 set_add(struct set *, struct val);
int		 set_contains(struct set *, struct val);
int		 set_discard(struct set *, struct val);
int		 set_next(struct set *, int64_t *, struct val *);
int		 set_next_ref(struct set *, int64_t *, struct val *);
struct val	*set_snapshot(struct set *, int64_t *);
int		 set_inplace(struct set *, int op, struct set *);

struct cell	*cell_new(struct val);
struct func	*func_new(struct code *, struct dict *globals);
struct cfunc	*cfunc_new(const char *, cfunc_fn, struct val self);
struct module	*module_new(const char *);
struct val	 method_new(struct val func, struct val self);
struct gen	*gen_new(struct frame *, struct func *);
struct val	 slice_new(struct val, struct val, struct val);
struct val	 range_new(int64_t, int64_t, int64_t);

/* ---- protocols ---------------------------------------------------------- */

struct val	 obj_repr(struct vm_thread *, struct val);
struct val	 obj_str(struct vm_thread *, struct val);
int		 obj_truth(struct vm_thread *, struct val);	/* -1 err */
int64_t		 obj_hash(struct vm_thread *, struct val);	/* -1 err */
int		 obj_eq(struct vm_thread *, struct val, struct val); /* -1 err */
struct val	 obj_compare(struct vm_thread *, struct val, struct val, int op);
struct val	 obj_binop(struct vm_thread *, int op, struct val, struct val,
		    int inplace);
struct val	 obj_unary(struct vm_thread *, int op, struct val);
int		 obj_contains(struct vm_thread *, struct val container,
		    struct val item);
struct val	 obj_getattr(struct vm_thread *, struct val, struct str *);
struct val	 obj_getattr_opt(struct vm_thread *, struct val, struct str *);
int		 obj_setattr(struct vm_thread *, struct val, struct str *,
		    struct val);
int		 obj_delattr(struct vm_thread *, struct val, struct str *);
struct dict	**obj_dictp(struct val);	/* instance dict slot or NULL */
struct dict	*obj_dict_get_or_create(struct dict **);	/* thread-safe */
/* threading.local (local.c). */
struct dict	**local_dictp(struct vm_thread *, struct val);
int		 local_setup(struct vm_thread *, struct val, struct val *, int,
		    struct dict *);
void		 local_thread_exit(struct vm_thread *);
struct type	*vm_local_type(struct interp *);
struct val	 obj_getitem(struct vm_thread *, struct val, struct val);
int		 obj_setitem(struct vm_thread *, struct val, struct val,
		    struct val);
int		 obj_delitem(struct vm_thread *, struct val, struct val);
struct val	 obj_iter(struct vm_thread *, struct val);
struct val	 obj_next(struct vm_thread *, struct val it, int *done);
int64_t		 obj_len(struct vm_thread *, struct val);	/* -1 err */
int		 obj_isinstance(struct val, struct type *);
int		 type_is_subtype(struct type *, struct type *);
struct val	 type_lookup(struct type *, struct str *);	/* borrowed */
struct val	 type_lookup_cstr(struct type *, const char *);
struct val	 obj_call_method(struct vm_thread *, struct val self,
		    const char *, struct val *, int);
struct val	 obj_format(struct vm_thread *, struct val, struct str *spec);
struct list	*seq_to_list(struct vm_thread *, struct val);
int		 val_to_index(struct vm_thread *, struct val, int64_t *);
int		 slice_indices(struct vm_thread *, struct slice *, int64_t len,
		    int64_t *start, int64_t *stop, int64_t *step,
		    int64_t *slicelen);
struct val	 builtin_sorted_list(struct vm_thread *, struct list *,
		    struct val key, int reverse);
struct type	*type_new_builtin(struct interp *, const char *, struct type *,
		    int layout);
void		 type_add_method(struct type *, const char *, cfunc_fn);
struct val	 type_call(struct vm_thread *, struct type *, struct val *, int,
		    struct dict *);
struct val	 build_class(struct vm_thread *, struct val *, int, struct dict *);
struct val	 gen_send(struct vm_thread *, struct gen *, struct val, int *done);
struct val	 gen_throw(struct vm_thread *, struct gen *, struct val exc,
		    int *done);
void		 frame_free(struct vm_thread *, struct frame *);
struct frame	*frame_new(struct vm_thread *, struct code *, struct func *,
		    struct dict *globals);
int		 frame_bind_args(struct vm_thread *, struct frame *, struct func *,
		    struct val *args, int nargs, struct dict *kw);
struct val	 vm_eval(struct vm_thread *, struct frame *);

/* ---- numbers and text --------------------------------------------------- */

void		 float_repr(double, struct buf *);
struct val	 int_from_str(struct vm_thread *, const char *, int64_t, int base);
struct val	 float_from_str(struct vm_thread *, const char *, int64_t);
int		 format_spec_apply(struct vm_thread *, struct val, const char *spec,
		    int64_t speclen, struct buf *out);
struct val	 str_format(struct vm_thread *, struct str *, struct val *, int,
		    struct dict *);
struct val	 str_percent(struct vm_thread *, struct str *, struct val);
double		 round_half_even(double x, int ndigits);

/* ---- errors ------------------------------------------------------------- */

/* Raise an exception of a builtin type with a formatted message. */
struct val	 vm_raise(struct vm_thread *, struct type *, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
struct val	 vm_raise_val(struct vm_thread *, struct val exc);
int		 vm_exc_matches(struct vm_thread *, struct type *);
struct val	 exc_new(struct type *, struct val *args, int nargs);
struct val	 vm_type_error_unsupported(struct vm_thread *, const char *op,
		    struct val, struct val);
void		 vm_clear_exc(struct vm_thread *);
void		 vm_suggest(struct vm_thread *, struct list *candidates,
		    struct str *name);
struct val	 vm_dir(struct vm_thread *, struct val);
struct val	 exc_str(struct vm_thread *, struct exc *);

/* ---- builtins and modules ----------------------------------------------- */

void		 builtins_init(struct interp *);
void		 containers_init(struct interp *);
void		 str_init(struct interp *);
void		 types_init(struct interp *);
void		 types_init_methods(struct interp *);
struct val	 vm_import(struct vm_thread *, struct str *name);
/* IMPORT_FROM's fallback: the submodule mod.name, or V_NULL if none. */
struct val	 vm_import_submodule(struct vm_thread *, struct val mod,
		    struct str *name);
void		 vm_write_out(struct vm_thread *, int fd, const char *, size_t);

struct module_def {
	const char	*name;
	struct module	*(*init)(struct vm_thread *);
};
extern const struct module_def vm_module_table[];

struct module	*mod_sys_init(struct vm_thread *);
struct module	*mod_time_init(struct vm_thread *);
struct module	*mod_math_init(struct vm_thread *);
struct module	*mod_random_init(struct vm_thread *);
struct module	*mod_multiprocessing_init(struct vm_thread *);	/* proc.mk */
struct module	*mod_concurrent_init(struct vm_thread *);	/* futures.c */
struct module	*mod_concurrent_futures_init(struct vm_thread *);
struct module	*mod_concurrent_futures_sub_init(struct vm_thread *);
struct module	*mod_os_init(struct vm_thread *);		/* proc.mk */

/* Define a function in a module dict. */
void		 module_add_func(struct module *, const char *, cfunc_fn);

/* Argument helpers for C functions. */
int		 arg_count(struct vm_thread *, const char *, int nargs, int min,
		    int max);
int		 arg_int(struct vm_thread *, const char *, struct val, int64_t *);
int		 arg_float(struct vm_thread *, struct val, double *);
struct val	 kw_get(struct dict *, const char *);

#endif
