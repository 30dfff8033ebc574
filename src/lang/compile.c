/*
 * compile.c — from the syntax tree to code objects.
 *
 * Owns scope analysis (locals, cells, frees, globals) and code generation,
 * including the inlining of finally bodies on early exits. It must not run
 * code; it only creates code objects and their constants.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "lang/lang.h"

/* ---- scopes ------------------------------------------------------------- */

#define SYM_ASSIGN	0x1
#define SYM_PARAM	0x2
#define SYM_GLOBAL	0x4
#define SYM_NONLOCAL	0x8
#define SYM_USE		0x10
#define SYM_CELL	0x20	/* resolved: a cell of this scope */
#define SYM_FREE	0x40	/* resolved: a free variable */
#define SYM_IMPLICIT_GLOBAL 0x80

enum { SC_MODULE = 1, SC_FUNC, SC_CLASS };

struct sym {
	const char	*name;
	int		 flags;
	struct node	*decl;		/* global/nonlocal statement */
};

struct scope {
	int		 kind;
	struct node	*node;
	struct scope	*parent;
	struct sym	*syms;
	int		 nsyms, capsyms;
	struct scope	**kids;
	int		 nkids, capkids;
	const char	**params;	/* in order */
	int		 nparams;
	int		 generator;
	int		 is_async;	/* async def: a coroutine */
	int		 needs_class_cell;	/* class: a method uses super */
	int		 uses_super;
	char		*qualname;
};

struct fblock {
	int		 type;
	int		 start;		/* loops: continue target */
	struct node	*body;		/* finally: its node */
	int		 breaks[64];
	int		 nbreaks;
};

enum { FB_WHILE = 1, FB_FOR, FB_TRY, FB_FINALLY, FB_HANDLER, FB_WITH,
	FB_FINALLY_END, FB_POP_VALUE, FB_ASYNC_WITH };

struct unit {
	struct scope	*scope;
	struct code	*code;
	uint32_t	*insns;
	int32_t		*lines;
	int		 n, cap;
	struct val	*consts;
	int		 nconsts, capconsts;
	struct str	**names;
	int		 nnames, capnames;
	struct str	**vars;
	int		 nvars, capvars;
	struct str	**cells;
	int		 ncells, nfree, capcells;
	int		 line;
	struct fblock	 fb[64];
	int		 nfb;
	int		 depth, maxdepth;
	struct unit	*live_next;	/* compiler's list of live units */
};

struct compiler {
	struct arena	*arena;
	struct lang_error *err;
	jmp_buf		 jb;
	const char	*path;
	struct str	*filename;
	struct unit	*u;
	struct unit	*live;		/* every unit not yet freed */
	struct scope	*top;		/* the module scope (freed at the end) */
	int		 nest;
};

static void __attribute__((format(printf, 3, 4), noreturn))
comp_error(struct compiler *c, struct node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
	va_end(ap);
	c->err->line = n ? n->line : 0;
	c->err->col = n ? n->col : 0;
	longjmp(c->jb, 1);
}

/* Find or add a symbol. */
static struct sym *
scope_sym(struct scope *s, const char *name, int add)
{
	int i;

	for (i = 0; i < s->nsyms; i++)
		if (strcmp(s->syms[i].name, name) == 0)
			return &s->syms[i];
	if (!add)
		return NULL;
	if (s->nsyms == s->capsyms) {
		s->capsyms = s->capsyms ? s->capsyms * 2 : 16;
		s->syms = xreallocarray(s->syms, (size_t)s->capsyms, sizeof *s->syms);
	}
	s->syms[s->nsyms].name = name;
	s->syms[s->nsyms].flags = 0;
	s->syms[s->nsyms].decl = NULL;
	return &s->syms[s->nsyms++];
}

static struct scope *
scope_new(struct compiler *c, int kind, struct node *n, struct scope *parent)
{
	struct scope *s = xcalloc(1, sizeof *s);

	(void)c;
	s->kind = kind;
	s->node = n;
	s->parent = parent;
	if (parent != NULL) {
		if (parent->nkids == parent->capkids) {
			parent->capkids = parent->capkids ? parent->capkids * 2 : 4;
			parent->kids = xreallocarray(parent->kids,
			    (size_t)parent->capkids, sizeof *parent->kids);
		}
		parent->kids[parent->nkids++] = s;
	}
	return s;
}

static void
scope_free(struct scope *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nkids; i++)
		scope_free(s->kids[i]);
	free(s->kids);
	free(s->syms);
	free(s->params);
	free(s->qualname);
	free(s);
}

static struct scope *
scope_find(struct scope *s, struct node *n)
{
	int i;

	for (i = 0; i < s->nkids; i++)
		if (s->kids[i]->node == n)
			return s->kids[i];
	return NULL;
}

static void scan_stmts(struct compiler *, struct scope *, struct nlist *);
static void scan_expr(struct compiler *, struct scope *, struct node *);

static void
scan_assign_name(struct compiler *c, struct scope *s, struct node *at,
    const char *name)
{
	struct sym *y = scope_sym(s, name, 1);

	(void)c;
	(void)at;
	y->flags |= SYM_ASSIGN;
}

static void
scan_use(struct scope *s, const char *name)
{
	scope_sym(s, name, 1)->flags |= SYM_USE;
}

/* Record the names a target binds. */
static void
scan_target(struct compiler *c, struct scope *s, struct node *t)
{
	int i;

	switch (t->kind) {
	case N_NAME:
		scan_assign_name(c, s, t, t->s);
		break;
	case N_TUPLE: case N_LIST:
		for (i = 0; i < t->l1.n; i++)
			scan_target(c, s, t->l1.v[i]);
		break;
	case N_STARRED:
		scan_target(c, s, t->a);
		break;
	default:
		scan_expr(c, s, t);
		break;
	}
}

static void
scan_list(struct compiler *c, struct scope *s, struct nlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] != NULL)
			scan_expr(c, s, l->v[i]);
}

static char *
qualname_child(struct scope *parent, const char *name)
{
	if (parent == NULL || parent->kind == SC_MODULE)
		return xstrdup(name);
	if (parent->kind == SC_CLASS)
		return xasprintf("%s.%s", parent->qualname, name);
	return xasprintf("%s.<locals>.%s", parent->qualname, name);
}

/* A function-like scope: params, then body (statements or an expression). */
static void
scan_function(struct compiler *c, struct scope *s, struct node *n,
    const char *name)
{
	struct scope	*f = scope_new(c, SC_FUNC, n, s);
	int		 i;

	f->qualname = qualname_child(s, name);
	f->is_async = n->kind == N_DEF && n->op == 1;
	for (i = 0; i < n->l1.n; i++) {
		struct node *a = n->l1.v[i];

		if (a->a != NULL)
			scan_expr(c, s, a->a);
		if (a->b != NULL)
			scan_expr(c, s, a->b);
		scope_sym(f, a->s, 1)->flags |= SYM_PARAM;
		f->params = xreallocarray(f->params, (size_t)f->nparams + 1,
		    sizeof *f->params);
		f->params[f->nparams++] = a->s;
	}
	if (n->kind == N_LAMBDA)
		scan_expr(c, f, n->a);
	else
		scan_stmts(c, f, &n->l2);
}

/*
 * An await or an async for in comprehension scope s: s (and the
 * comprehensions around it) become coroutines, which needs an async def
 * around them.
 */
static void
scan_async_comp(struct compiler *c, struct scope *s, struct node *at)
{
	struct scope *t = s, *k;

	while (t->kind == SC_FUNC && !t->is_async && t->node != NULL &&
	    (t->node->kind == N_LISTCOMP || t->node->kind == N_SETCOMP ||
	    t->node->kind == N_DICTCOMP))
		t = t->parent;
	if (t->kind != SC_FUNC || !t->is_async) {
		if (at->kind == N_AWAIT)
			comp_error(c, at, "'await' outside async function");
		comp_error(c, at, "asynchronous comprehension outside of an "
		    "asynchronous function");
	}
	for (k = s; k != t; k = k->parent)
		k->is_async = 1;
}

/* A comprehension scope. */
static void
scan_comp(struct compiler *c, struct scope *s, struct node *n)
{
	struct scope	*f = scope_new(c, SC_FUNC, n, s);
	struct nlist	*gens = n->kind == N_DICTCOMP ? &n->l3 : &n->l1;
	int		 i, j;
	const char	*nm = n->kind == N_LISTCOMP ? "<listcomp>" :
	    n->kind == N_SETCOMP ? "<setcomp>" : n->kind == N_DICTCOMP ?
	    "<dictcomp>" : "<genexpr>";

	f->qualname = qualname_child(s, nm);
	if (n->kind == N_GENEXP)
		f->generator = 1;
	scope_sym(f, ".0", 1)->flags |= SYM_PARAM;
	f->params = xmalloc(sizeof *f->params);
	f->params[0] = ".0";
	f->nparams = 1;
	for (i = 0; i < gens->n; i++) {
		struct node *g = gens->v[i];

		if (g->op == 1)
			scan_async_comp(c, f, g);
		if (i == 0)
			scan_expr(c, s, g->b);
		else
			scan_expr(c, f, g->b);
		scan_target(c, f, g->a);
		for (j = 0; j < g->l1.n; j++)
			scan_expr(c, f, g->l1.v[j]);
	}
	scan_expr(c, f, n->a);
	if (n->b != NULL)
		scan_expr(c, f, n->b);
}

static void
scan_expr(struct compiler *c, struct scope *s, struct node *n)
{
	if (n == NULL)
		return;
	if (++c->nest > 900)
		comp_error(c, n, "too many nested expressions (maximum recursion depth exceeded during compilation)");
	switch (n->kind) {
	case N_NAME:
		scan_use(s, n->s);
		if (strcmp(n->s, "super") == 0 || strcmp(n->s, "__class__") == 0)
			s->uses_super = 1;
		break;
	case N_LAMBDA:
		scan_function(c, s, n, "<lambda>");
		break;
	case N_LISTCOMP: case N_SETCOMP: case N_GENEXP: case N_DICTCOMP:
		scan_comp(c, s, n);
		break;
	case N_YIELD: case N_YIELDFROM:
		if (s->kind != SC_FUNC)
			comp_error(c, n, "'yield' outside function");
		if (s->is_async)
			comp_error(c, n, n->kind == N_YIELD ?
			    "asynchronous generators are not supported" :
			    "'yield from' inside async function");
		s->generator = 1;
		scan_expr(c, s, n->a);
		break;
	case N_AWAIT:
		if (s->kind != SC_FUNC)
			comp_error(c, n, "'await' outside function");
		/* A list/set/dict comprehension in an async function
		   becomes a coroutine, awaited where it stands. */
		if (!s->is_async)
			scan_async_comp(c, s, n);
		scan_expr(c, s, n->a);
		break;
	case N_NAMEDEXPR:
		{
			struct scope *t = s;

			while (t->kind == SC_FUNC && t->node != NULL &&
			    (t->node->kind == N_LISTCOMP ||
			    t->node->kind == N_SETCOMP ||
			    t->node->kind == N_GENEXP ||
			    t->node->kind == N_DICTCOMP))
				t = t->parent;
			scan_assign_name(c, t, n->a, n->a->s);
			if (t != s)
				scan_use(s, n->a->s);
			scan_expr(c, s, n->b);
		}
		break;
	case N_FORMATTED:
		scan_expr(c, s, n->a);
		scan_expr(c, s, n->b);
		break;
	default:
		scan_expr(c, s, n->a);
		scan_expr(c, s, n->b);
		scan_expr(c, s, n->c);
		scan_list(c, s, &n->l1);
		scan_list(c, s, &n->l2);
		if (n->kind != N_COMPARE)
			scan_list(c, s, &n->l3);
		break;
	}
	c->nest--;
}

static void
scan_stmt(struct compiler *c, struct scope *s, struct node *n)
{
	int		 i;
	struct sym	*y;

	switch (n->kind) {
	case N_DEF:
		scan_list(c, s, &n->l3);
		if (n->c != NULL)
			scan_expr(c, s, n->c);
		scan_assign_name(c, s, n, n->s);
		scan_function(c, s, n, n->s);
		break;
	case N_CLASS:
		{
			struct scope *k;

			if (n->d != NULL)
				scan_list(c, s, &n->d->l1);
			scan_list(c, s, &n->l1);
			scan_list(c, s, &n->l3);
			scan_assign_name(c, s, n, n->s);
			k = scope_new(c, SC_CLASS, n, s);
			k->qualname = qualname_child(s, n->s);
			scan_stmts(c, k, &n->l2);
		}
		break;
	case N_ASSIGN:
		for (i = 0; i < n->l1.n; i++)
			scan_target(c, s, n->l1.v[i]);
		scan_expr(c, s, n->a);
		break;
	case N_AUGASSIGN:
		scan_target(c, s, n->a);
		if (n->a->kind == N_NAME)
			scan_use(s, n->a->s);
		scan_expr(c, s, n->b);
		break;
	case N_ANNASSIGN:
		if (n->b != NULL)
			scan_target(c, s, n->a);
		else if (n->a->kind == N_NAME)
			scan_assign_name(c, s, n->a, n->a->s);
		scan_expr(c, s, n->b);
		break;
	case N_FOR:
		if (n->op == 1 && !s->is_async)
			comp_error(c, n, "'async for' outside async function");
		scan_target(c, s, n->a);
		scan_expr(c, s, n->b);
		scan_stmts(c, s, &n->l1);
		scan_stmts(c, s, &n->l2);
		break;
	case N_DEL:
		for (i = 0; i < n->l1.n; i++)
			scan_target(c, s, n->l1.v[i]);
		break;
	case N_GLOBAL: case N_NONLOCAL:
		for (i = 0; i < n->l1.n; i++) {
			const char *nm = n->l1.v[i]->s;

			y = scope_sym(s, nm, 0);
			if (y != NULL && (y->flags & SYM_PARAM))
				comp_error(c, n, "name '%s' is parameter and %s",
				    nm, n->kind == N_GLOBAL ? "global" : "nonlocal");
			if (y != NULL && (y->flags & (SYM_ASSIGN | SYM_USE)))
				comp_error(c, n, "name '%s' is %s prior to %s declaration",
				    nm, (y->flags & SYM_ASSIGN) ? "assigned to" : "used",
				    n->kind == N_GLOBAL ? "global" : "nonlocal");
			y = scope_sym(s, nm, 1);
			y->flags |= n->kind == N_GLOBAL ? SYM_GLOBAL : SYM_NONLOCAL;
			y->decl = n;
		}
		break;
	case N_TRY:
		scan_stmts(c, s, &n->l1);
		for (i = 0; i < n->l2.n; i++) {
			struct node *h = n->l2.v[i];

			scan_expr(c, s, h->a);
			if (h->s != NULL)
				scan_assign_name(c, s, h, h->s);
			scan_stmts(c, s, &h->l1);
		}
		scan_stmts(c, s, &n->l3);
		if (n->a != NULL)
			scan_stmts(c, s, &n->a->l1);
		break;
	case N_WITH:
		if (n->op == 1 && !s->is_async)
			comp_error(c, n, "'async with' outside async function");
		for (i = 0; i < n->l1.n; i++) {
			scan_expr(c, s, n->l1.v[i]->a);
			if (n->l1.v[i]->b != NULL)
				scan_target(c, s, n->l1.v[i]->b);
		}
		scan_stmts(c, s, &n->l2);
		break;
	case N_IMPORT:
		for (i = 0; i < n->l1.n; i++) {
			struct node	*al = n->l1.v[i];
			char		*nm;

			if (al->a != NULL)
				nm = (char *)al->a;
			else {
				char *dot;

				nm = arena_alloc(c->arena, strlen(al->s) + 1);
				strcpy(nm, al->s);
				if ((dot = strchr(nm, '.')) != NULL)
					*dot = '\0';
			}
			scan_assign_name(c, s, al, nm);
		}
		break;
	case N_IMPORTFROM:
		for (i = 0; i < n->l1.n; i++) {
			struct node *al = n->l1.v[i];

			if (strcmp(al->s, "*") == 0) {
				if (s->kind != SC_MODULE)
					comp_error(c, n,
					    "import * only allowed at module level");
				continue;
			}
			scan_assign_name(c, s, al, al->a ? (char *)al->a : al->s);
		}
		break;
	case N_IF: case N_WHILE:
		scan_expr(c, s, n->a);
		scan_stmts(c, s, &n->l1);
		scan_stmts(c, s, &n->l2);
		break;
	default:
		scan_expr(c, s, n->a);
		scan_expr(c, s, n->b);
		break;
	}
}

static void
scan_stmts(struct compiler *c, struct scope *s, struct nlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		scan_stmt(c, s, l->v[i]);
}

/* Is name bound locally in a function scope? */
static int
scope_binds(struct scope *s, const char *name)
{
	struct sym *y = scope_sym(s, name, 0);

	return y != NULL && (y->flags & (SYM_ASSIGN | SYM_PARAM)) &&
	    !(y->flags & (SYM_GLOBAL | SYM_NONLOCAL));
}

/* Resolve free variables bottom-up. */
static void
scope_resolve(struct compiler *c, struct scope *s)
{
	int i;

	for (i = 0; i < s->nkids; i++)
		scope_resolve(c, s->kids[i]);
	if (s->kind == SC_FUNC && s->uses_super && s->parent != NULL) {
		struct scope *p = s->parent;

		while (p != NULL && p->kind == SC_FUNC && p->node != NULL &&
		    p->node->kind != N_DEF && p->node->kind != N_LAMBDA)
			p = p->parent;
		for (p = s->parent; p != NULL; p = p->parent)
			if (p->kind == SC_CLASS)
				break;
		if (p != NULL)
			scope_sym(s, "__class__", 1)->flags |= SYM_USE;
	}
	if (s->kind == SC_MODULE)
		return;
	for (i = 0; i < s->nsyms; i++) {
		struct sym	*y = &s->syms[i];
		struct scope	*p;

		if (y->flags & SYM_GLOBAL)
			continue;
		if (s->kind == SC_FUNC && scope_binds(s, y->name))
			continue;
		if (s->kind == SC_CLASS && (y->flags & SYM_ASSIGN))
			continue;
		if (!(y->flags & (SYM_USE | SYM_NONLOCAL | SYM_FREE)))
			continue;
		/* Look for a binding in an enclosing function scope. */
		for (p = s->parent; p != NULL && p->kind != SC_MODULE; p = p->parent) {
			if (p->kind == SC_CLASS) {
				if (strcmp(y->name, "__class__") == 0) {
					p->needs_class_cell = 1;
					break;
				}
				continue;
			}
			if (scope_binds(p, y->name)) {
				scope_sym(p, y->name, 1)->flags |= SYM_CELL;
				break;
			}
			{
				struct sym *py = scope_sym(p, y->name, 0);

				if (py != NULL && (py->flags & SYM_GLOBAL)) {
					p = NULL;
					break;
				}
			}
		}
		if (p != NULL && p->kind != SC_MODULE) {
			struct scope *q;

			y->flags |= SYM_FREE;
			/* Intermediate scopes pass the cell through. */
			for (q = s->parent; q != p; q = q->parent)
				if (q->kind == SC_FUNC || (q->kind == SC_CLASS &&
				    strcmp(y->name, "__class__") != 0))
					scope_sym(q, y->name, 1)->flags |= SYM_FREE;
		} else if (y->flags & SYM_NONLOCAL)
			comp_error(c, y->decl ? y->decl : s->node,
			    "no binding for nonlocal '%s' found", y->name);
	}
}

/* ---- code generation ---------------------------------------------------- */

static void comp_expr(struct compiler *, struct node *);
static void comp_stmts(struct compiler *, struct nlist *);
static struct code *comp_unit_finish(struct compiler *, struct unit *,
    const char *name, int flags, int nargs, int nkwonly, int firstline);

static int
emit(struct compiler *c, int op, int arg)
{
	struct unit *u = c->u;

	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 64;
		u->insns = xreallocarray(u->insns, (size_t)u->cap, sizeof *u->insns);
		u->lines = xreallocarray(u->lines, (size_t)u->cap, sizeof *u->lines);
	}
	if (arg < 0 || arg >= (1 << 24))
		comp_error(c, NULL, "code too large");
	u->insns[u->n] = INSN(op, arg);
	u->lines[u->n] = u->line;
	return u->n++;
}

/* Point a jump at a target. */
static void
patch(struct compiler *c, int at, int target)
{
	c->u->insns[at] = INSN(INSN_OP(c->u->insns[at]), target);
}

static int
here(struct compiler *c)
{
	return c->u->n;
}

/* Add a constant (takes the reference); returns its index. */
static int
add_const(struct compiler *c, struct val v)
{
	struct unit	*u = c->u;
	int		 i;

	for (i = 0; i < u->nconsts; i++) {
		struct val w = u->consts[i];

		if (w.tag != v.tag)
			continue;
		if ((v.tag == V_INT || v.tag == V_BOOL) && w.u.i == v.u.i) {
			return i;
		}
		if (v.tag == V_NONE)
			return i;
		if (v.tag == V_FLOAT && memcmp(&w.u.f, &v.u.f, sizeof v.u.f) == 0)
			return i;
		if (v.tag == V_OBJ && IS_STR(v) && IS_STR(w) &&
		    str_eq(VAL_AS(str, v), VAL_AS(str, w))) {
			val_decref(v);
			return i;
		}
	}
	if (u->nconsts == u->capconsts) {
		u->capconsts = u->capconsts ? u->capconsts * 2 : 16;
		u->consts = xreallocarray(u->consts, (size_t)u->capconsts,
		    sizeof *u->consts);
	}
	u->consts[u->nconsts] = v;
	return u->nconsts++;
}

static int
add_name_to(struct str ***arr, int *n, int *cap, const char *s)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp((*arr)[i]->data, s) == 0)
			return i;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = xreallocarray(*arr, (size_t)*cap, sizeof **arr);
	}
	(*arr)[*n] = str_intern(s);
	OBJ_INCREF((*arr)[*n]);
	return (*n)++;
}

static int
add_name(struct compiler *c, const char *s)
{
	return add_name_to(&c->u->names, &c->u->nnames, &c->u->capnames, s);
}

static int
find_var(struct unit *u, const char *s)
{
	int i;

	for (i = 0; i < u->nvars; i++)
		if (strcmp(u->vars[i]->data, s) == 0)
			return i;
	return -1;
}

static int
find_cell(struct unit *u, const char *s)
{
	int i;

	for (i = 0; i < u->ncells + u->nfree; i++)
		if (strcmp(u->cells[i]->data, s) == 0)
			return i;
	return -1;
}

enum { ACC_LOAD, ACC_STORE, ACC_DEL };

/* Load, store or delete a name in the current scope. */
static void
comp_name(struct compiler *c, const char *name, int acc)
{
	struct unit	*u = c->u;
	struct scope	*s = u->scope;
	struct sym	*y = scope_sym(s, name, 0);
	int		 i;

	if (s->kind == SC_FUNC) {
		if (y != NULL && !(y->flags & SYM_GLOBAL) &&
		    ((y->flags & (SYM_FREE | SYM_CELL)) || (y->flags & SYM_NONLOCAL))) {
			i = find_cell(u, name);
			if (i >= 0) {
				emit(c, acc == ACC_LOAD ? OP_LOAD_DEREF : acc == ACC_STORE ?
				    OP_STORE_DEREF : OP_DELETE_DEREF, i);
				return;
			}
		}
		if (y != NULL && !(y->flags & SYM_GLOBAL) && scope_binds(s, name)) {
			i = find_var(u, name);
			if (i >= 0) {
				emit(c, acc == ACC_LOAD ? OP_LOAD_FAST : acc == ACC_STORE ?
				    OP_STORE_FAST : OP_DELETE_FAST, i);
				return;
			}
		}
		emit(c, acc == ACC_LOAD ? OP_LOAD_GLOBAL : acc == ACC_STORE ?
		    OP_STORE_GLOBAL : OP_DELETE_GLOBAL, add_name(c, name));
		return;
	}
	if (s->kind == SC_CLASS && y != NULL && (y->flags & SYM_FREE) &&
	    !(y->flags & SYM_ASSIGN) && acc == ACC_LOAD &&
	    (i = find_cell(u, name)) >= 0) {
		emit(c, OP_LOAD_DEREF, i);
		return;
	}
	if (s->kind == SC_CLASS && y != NULL && (y->flags & SYM_GLOBAL)) {
		emit(c, acc == ACC_LOAD ? OP_LOAD_GLOBAL : acc == ACC_STORE ?
		    OP_STORE_GLOBAL : OP_DELETE_GLOBAL, add_name(c, name));
		return;
	}
	emit(c, acc == ACC_LOAD ? OP_LOAD_NAME : acc == ACC_STORE ?
	    OP_STORE_NAME : OP_DELETE_NAME, add_name(c, name));
}

static void
comp_const(struct compiler *c, struct val v)
{
	emit(c, OP_LOAD_CONST, add_const(c, v));
}

/* Await the object on top of the stack: its result replaces it. */
static void
comp_await(struct compiler *c)
{
	emit(c, OP_GET_AWAITABLE, 0);
	comp_const(c, val_none());
	emit(c, OP_YIELD_FROM, 0);
}

static void
comp_list(struct compiler *c, struct nlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		comp_expr(c, l->v[i]);
}

static int
has_starred(struct nlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->v[i]->kind == N_STARRED)
			return 1;
	return 0;
}

/* Build a list from elements that may contain *x. */
static void
comp_star_list(struct compiler *c, struct nlist *l)
{
	int i, pending = 0, built = 0;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->kind == N_STARRED) {
			if (!built) {
				emit(c, OP_BUILD_LIST, pending);
				built = 1;
			} else if (pending) {
				emit(c, OP_BUILD_LIST, pending);
				emit(c, OP_LIST_EXTEND, 1);
			}
			pending = 0;
			comp_expr(c, l->v[i]->a);
			emit(c, OP_LIST_EXTEND, 1);
		} else {
			comp_expr(c, l->v[i]);
			pending++;
		}
	}
	if (!built)
		emit(c, OP_BUILD_LIST, pending);
	else if (pending) {
		emit(c, OP_BUILD_LIST, pending);
		emit(c, OP_LIST_EXTEND, 1);
	}
}

/* Store the value on top of the stack into a target. */
static void
comp_store(struct compiler *c, struct node *t)
{
	int i;

	c->u->line = t->line;
	switch (t->kind) {
	case N_NAME:
		comp_name(c, t->s, ACC_STORE);
		break;
	case N_ATTR:
		comp_expr(c, t->a);
		emit(c, OP_STORE_ATTR, add_name(c, t->s));
		break;
	case N_SUBSCRIPT:
		comp_expr(c, t->a);
		comp_expr(c, t->b);
		emit(c, OP_STORE_SUBSCR, 0);
		break;
	case N_TUPLE: case N_LIST:
		{
			int star = -1;

			for (i = 0; i < t->l1.n; i++)
				if (t->l1.v[i]->kind == N_STARRED) {
					if (star >= 0)
						comp_error(c, t->l1.v[i],
						    "multiple starred expressions in assignment");
					star = i;
				}
			if (star >= 0)
				emit(c, OP_UNPACK_EX, star |
				    ((t->l1.n - star - 1) << 8));
			else
				emit(c, OP_UNPACK_SEQUENCE, t->l1.n);
			for (i = 0; i < t->l1.n; i++)
				comp_store(c, t->l1.v[i]->kind == N_STARRED ?
				    t->l1.v[i]->a : t->l1.v[i]);
		}
		break;
	case N_STARRED:
		comp_error(c, t, "starred assignment target must be in a list or tuple");
	default:
		comp_error(c, t, "cannot assign to expression");
	}
}

static void
comp_del(struct compiler *c, struct node *t)
{
	int i;

	switch (t->kind) {
	case N_NAME:
		comp_name(c, t->s, ACC_DEL);
		break;
	case N_ATTR:
		comp_expr(c, t->a);
		emit(c, OP_DELETE_ATTR, add_name(c, t->s));
		break;
	case N_SUBSCRIPT:
		comp_expr(c, t->a);
		comp_expr(c, t->b);
		emit(c, OP_DELETE_SUBSCR, 0);
		break;
	case N_TUPLE: case N_LIST:
		for (i = 0; i < t->l1.n; i++)
			comp_del(c, t->l1.v[i]);
		break;
	default:
		comp_error(c, t, "cannot delete expression");
	}
}

/* Jump to target if the condition has the given truth. */
static void
comp_jump_if(struct compiler *c, struct node *e, int cond, int *jumps,
    int *njumps)
{
	if (e->kind == N_UNARY && e->op == OP_NOT) {
		comp_jump_if(c, e->a, !cond, jumps, njumps);
		return;
	}
	comp_expr(c, e);
	jumps[(*njumps)++] = emit(c, cond ? OP_POP_JUMP_IF_TRUE :
	    OP_POP_JUMP_IF_FALSE, 0);
}

/* Create a unit for a scope; the compiler tracks it until freed. */
static struct unit *
unit_new(struct compiler *c, struct scope *s)
{
	struct unit *u = xcalloc(1, sizeof *u);

	u->scope = s;
	u->live_next = c->live;
	c->live = u;
	return u;
}

/* Free a unit's buffers (the code object owns copies). */
static void
unit_free(struct compiler *c, struct unit *u)
{
	struct unit	**pp;
	int		  i;

	if (u == NULL)
		return;
	for (pp = &c->live; *pp != NULL; pp = &(*pp)->live_next)
		if (*pp == u) {
			*pp = u->live_next;
			break;
		}
	for (i = 0; i < u->nconsts; i++)
		val_decref(u->consts[i]);
	free(u->consts);
	for (i = 0; i < u->nnames; i++)
		OBJ_DECREF(u->names[i]);
	free(u->names);
	for (i = 0; i < u->nvars; i++)
		OBJ_DECREF(u->vars[i]);
	free(u->vars);
	for (i = 0; i < u->ncells + u->nfree; i++)
		OBJ_DECREF(u->cells[i]);
	free(u->cells);
	free(u->insns);
	free(u->lines);
	free(u);
}

/* Lay out locals (params first), cells and frees of a unit. */
static void
unit_layout(struct unit *u)
{
	struct scope	*s = u->scope;
	int		 i, capc = 0;

	for (i = 0; i < s->nparams; i++)
		add_name_to(&u->vars, &u->nvars, &u->capvars, s->params[i]);
	if (s->kind == SC_FUNC)
		for (i = 0; i < s->nsyms; i++)
			if (scope_binds(s, s->syms[i].name))
				add_name_to(&u->vars, &u->nvars, &u->capvars,
				    s->syms[i].name);
	for (i = 0; i < s->nsyms; i++)
		if (s->syms[i].flags & SYM_CELL)
			add_name_to(&u->cells, &u->ncells, &capc, s->syms[i].name);
	if (s->kind == SC_CLASS && s->needs_class_cell)
		add_name_to(&u->cells, &u->ncells, &capc, "__class__");
	{
		int tot = u->ncells;

		for (i = 0; i < s->nsyms; i++)
			if ((s->syms[i].flags & SYM_FREE) &&
			    !(s->syms[i].flags & SYM_CELL) &&
			    find_cell(u, s->syms[i].name) < 0) {
				add_name_to(&u->cells, &tot, &capc, s->syms[i].name);
				u->nfree = tot - u->ncells;
			}
	}
}

/* Make the function for a nested unit: closure + MAKE_FUNCTION. */
static void
comp_make_function(struct compiler *c, struct code *co, int flags)
{
	int i;

	if (co->nfree > 0) {
		for (i = 0; i < co->nfree; i++) {
			const char *nm = co->cellnames[co->ncells + i]->data;
			int j = find_cell(c->u, nm);

			if (j < 0)
				comp_error(c, NULL, "internal: free variable '%s' not found", nm);
			emit(c, OP_LOAD_CLOSURE, j);
		}
		emit(c, OP_BUILD_TUPLE, co->nfree);
		flags |= 4;
	}
	emit(c, OP_LOAD_CONST, add_const(c, val_obj(co)));
	emit(c, OP_MAKE_FUNCTION, flags);
}

/* Emit a function body unit; returns the code object (const ref held by caller). */
static struct code *
comp_function_body(struct compiler *c, struct node *n, struct scope *s,
    const char *name)
{
	struct unit	*saved = c->u, *u = unit_new(c, s);
	struct code	*co;
	int		 i, nargs = 0, nkw = 0, flags = CO_FUNCTION;

	c->u = u;
	u->line = n->line;
	unit_layout(u);
	for (i = 0; i < n->l1.n; i++) {
		struct node *a = n->l1.v[i];

		if (a->op == ARG_POS)
			nargs++;
		else if (a->op == ARG_KWONLY)
			nkw++;
		else if (a->op == ARG_VAR)
			flags |= CO_VARARGS;
		else if (a->op == ARG_KW)
			flags |= CO_VARKW;
	}
	/* The parameter order in varnames must be: pos, kwonly, *args, **kw. */
	{
		struct str	**v = xcalloc((size_t)u->capvars + 4, sizeof *v);
		int		  k = 0, j;

		for (j = 0; j < n->l1.n; j++)
			if (n->l1.v[j]->op == ARG_POS)
				v[k++] = u->vars[find_var(u, n->l1.v[j]->s)];
		for (j = 0; j < n->l1.n; j++)
			if (n->l1.v[j]->op == ARG_KWONLY)
				v[k++] = u->vars[find_var(u, n->l1.v[j]->s)];
		for (j = 0; j < n->l1.n; j++)
			if (n->l1.v[j]->op == ARG_VAR)
				v[k++] = u->vars[find_var(u, n->l1.v[j]->s)];
		for (j = 0; j < n->l1.n; j++)
			if (n->l1.v[j]->op == ARG_KW)
				v[k++] = u->vars[find_var(u, n->l1.v[j]->s)];
		for (j = n->l1.n; j < u->nvars; j++)
			v[k++] = u->vars[j];
		if (u->nvars > 0)
			memcpy(u->vars, v, sizeof *v * (size_t)u->nvars);
		free(v);
	}
	if (s->generator)
		flags |= CO_GENERATOR;
	if (s->is_async)
		flags |= CO_GENERATOR | CO_COROUTINE;
	/* Parameters that are cells are copied into their cells. */
	for (i = 0; i < u->ncells; i++) {
		int li = find_var(u, u->cells[i]->data);

		if (li >= 0 && li < s->nparams)
			emit(c, OP_COPY_TO_CELL, li | (i << 12));
	}
	if (s->generator || s->is_async)
		emit(c, OP_GEN_START, 0);
	if (n->kind == N_LAMBDA) {
		flags |= CO_LAMBDA;
		comp_expr(c, n->a);
		emit(c, OP_RETURN_VALUE, 0);
	} else {
		/* Docstring. */
		if (n->l2.n > 0 && n->l2.v[0]->kind == N_EXPR &&
		    n->l2.v[0]->a->kind == N_STR)
			add_const(c, val_obj(str_new(n->l2.v[0]->a->s,
			    n->l2.v[0]->a->slen)));
		else
			add_const(c, val_none());
		comp_stmts(c, &n->l2);
		u->line = u->n > 0 ? u->lines[u->n - 1] : n->line;
		emit(c, OP_LOAD_CONST, add_const(c, val_none()));
		emit(c, OP_RETURN_VALUE, 0);
	}
	co = comp_unit_finish(c, u, name, flags, nargs, nkw, n->line);
	c->u = saved;
	unit_free(c, u);
	return co;
}

/* def / lambda: defaults, function object, decorators. */
static void
comp_function(struct compiler *c, struct node *n)
{
	struct scope	*s = scope_find(c->u->scope, n);
	struct code	*co;
	int		 i, ndef = 0, nkwdef = 0, flags = 0;

	for (i = 0; i < n->l3.n && n->kind == N_DEF; i++)
		comp_expr(c, n->l3.v[i]);
	for (i = 0; i < n->l1.n; i++)
		if (n->l1.v[i]->op == ARG_POS && n->l1.v[i]->a != NULL) {
			comp_expr(c, n->l1.v[i]->a);
			ndef++;
		}
	if (ndef) {
		emit(c, OP_BUILD_TUPLE, ndef);
		flags |= 1;
	}
	for (i = 0; i < n->l1.n; i++)
		if (n->l1.v[i]->op == ARG_KWONLY && n->l1.v[i]->a != NULL) {
			comp_const(c, val_obj(str_cstr(n->l1.v[i]->s)));
			comp_expr(c, n->l1.v[i]->a);
			nkwdef++;
		}
	if (nkwdef) {
		emit(c, OP_BUILD_MAP, nkwdef);
		flags |= 2;
	}
	co = comp_function_body(c, n, s, n->kind == N_LAMBDA ? "<lambda>" : n->s);
	c->u->line = n->line;
	comp_make_function(c, co, flags);
	if (n->kind == N_DEF) {
		for (i = 0; i < n->l3.n; i++)
			emit(c, OP_CALL, 1);
		comp_name(c, n->s, ACC_STORE);
	}
}

/* class statement. */
static void
comp_class(struct compiler *c, struct node *n)
{
	struct scope	*s = scope_find(c->u->scope, n);
	struct unit	*saved = c->u, *u = unit_new(c, s);
	struct code	*co;
	int		 i, ci;
	struct nlist	*decos = n->d ? &n->d->l1 : NULL;

	for (i = 0; decos != NULL && i < decos->n; i++)
		comp_expr(c, decos->v[i]);
	c->u = u;
	u->line = n->line;
	unit_layout(u);
	comp_name(c, "__name__", ACC_LOAD);
	comp_name(c, "__module__", ACC_STORE);
	comp_const(c, val_obj(str_cstr(s->qualname)));
	comp_name(c, "__qualname__", ACC_STORE);
	if (n->l2.n > 0 && n->l2.v[0]->kind == N_EXPR &&
	    n->l2.v[0]->a->kind == N_STR) {
		comp_expr(c, n->l2.v[0]->a);
		comp_name(c, "__doc__", ACC_STORE);
	}
	comp_stmts(c, &n->l2);
	if ((ci = find_cell(u, "__class__")) >= 0 && ci < u->ncells)
		emit(c, OP_LOAD_CLOSURE, ci);
	else
		comp_const(c, val_none());
	emit(c, OP_RETURN_VALUE, 0);
	co = comp_unit_finish(c, u, n->s, CO_CLASSBODY, 0, 0, n->line);
	c->u = saved;
	unit_free(c, u);
	c->u->line = n->line;
	emit(c, OP_LOAD_BUILD_CLASS, 0);
	comp_make_function(c, co, 0);
	comp_const(c, val_obj(str_cstr(n->s)));
	{
		struct node call;

		memset(&call, 0, sizeof call);
		for (i = 0; i < n->l1.n; i++)
			if (n->l1.v[i]->kind == N_STARRED)
				comp_error(c, n, "starred base classes are not supported");
		comp_list(c, &n->l1);
		if (n->l3.n > 0) {
			struct tuple *names = tuple_new(n->l3.n);

			for (i = 0; i < n->l3.n; i++) {
				if (n->l3.v[i]->kind != N_KEYWORD)
					comp_error(c, n, "** in class bases is not supported");
				comp_expr(c, n->l3.v[i]->a);
				names->items[i] = val_obj(str_cstr(n->l3.v[i]->s));
			}
			comp_const(c, val_obj(names));
			emit(c, OP_CALL_KW, 2 + n->l1.n + n->l3.n);
		} else
			emit(c, OP_CALL, 2 + n->l1.n);
	}
	for (i = 0; decos != NULL && i < decos->n; i++)
		emit(c, OP_CALL, 1);
	comp_name(c, n->s, ACC_STORE);
}

/* Comprehension body: generator number gi. */
static void
comp_comp_gen(struct compiler *c, struct node *n, struct nlist *gens, int gi)
{
	struct node	*g = gens->v[gi];
	int		 start, exit_jump, i;
	int		 jumps[64], nj = 0;

	if (gi == 0)
		emit(c, OP_LOAD_FAST, 0);
	else {
		comp_expr(c, g->b);
		emit(c, g->op == 1 ? OP_GET_AITER : OP_GET_ITER, 0);
	}
	start = here(c);
	if (g->op == 1) {
		/* async for: __anext__ awaited until StopAsyncIteration. */
		exit_jump = emit(c, OP_SETUP_EXCEPT, 0);
		emit(c, OP_DUP_TOP, 0);
		emit(c, OP_GET_ANEXT, 0);
		comp_await(c);
		emit(c, OP_POP_BLOCK, 0);
	} else
		exit_jump = emit(c, OP_FOR_ITER, 0);
	comp_store(c, g->a);
	for (i = 0; i < g->l1.n; i++) {
		if (nj >= 60)
			comp_error(c, g, "too many conditions");
		comp_jump_if(c, g->l1.v[i], 0, jumps, &nj);
	}
	if (gi + 1 < gens->n)
		comp_comp_gen(c, n, gens, gi + 1);
	else {
		switch (n->kind) {
		case N_LISTCOMP:
			comp_expr(c, n->a);
			emit(c, OP_LIST_APPEND, gens->n + 1);
			break;
		case N_SETCOMP:
			comp_expr(c, n->a);
			emit(c, OP_SET_ADD, gens->n + 1);
			break;
		case N_DICTCOMP:
			comp_expr(c, n->a);
			comp_expr(c, n->b);
			emit(c, OP_MAP_ADD, gens->n + 1);
			break;
		case N_GENEXP:
			comp_expr(c, n->a);
			emit(c, OP_YIELD_VALUE, 0);
			emit(c, OP_POP_TOP, 0);
			break;
		}
	}
	for (i = 0; i < nj; i++)
		patch(c, jumps[i], start);
	emit(c, OP_JUMP_BACK, start);
	patch(c, exit_jump, here(c));
	if (g->op == 1)
		emit(c, OP_END_ASYNC_FOR, 0);
}

/* A comprehension or generator expression. */
static void
comp_comprehension(struct compiler *c, struct node *n)
{
	struct scope	*s = scope_find(c->u->scope, n);
	struct unit	*saved = c->u, *u = unit_new(c, s);
	struct code	*co;
	struct nlist	*gens = n->kind == N_DICTCOMP ? &n->l3 : &n->l1;
	int		 flags = CO_FUNCTION | CO_COMPREHENSION;
	const char	*name = n->kind == N_LISTCOMP ? "<listcomp>" :
	    n->kind == N_SETCOMP ? "<setcomp>" : n->kind == N_DICTCOMP ?
	    "<dictcomp>" : "<genexpr>";

	c->u = u;
	u->line = n->line;
	unit_layout(u);
	{
		int i;

		for (i = 0; i < u->ncells; i++) {
			int li = find_var(u, u->cells[i]->data);

			if (li == 0)
				emit(c, OP_COPY_TO_CELL, li | (i << 12));
		}
	}
	if (s->is_async) {
		flags |= CO_GENERATOR | CO_COROUTINE;
		emit(c, OP_GEN_START, 0);
	}
	if (n->kind == N_GENEXP) {
		flags |= CO_GENERATOR;
		emit(c, OP_GEN_START, 0);
	} else
		emit(c, n->kind == N_LISTCOMP ? OP_BUILD_LIST : n->kind ==
		    N_SETCOMP ? OP_BUILD_SET : OP_BUILD_MAP, 0);
	comp_comp_gen(c, n, gens, 0);
	if (n->kind == N_GENEXP)
		comp_const(c, val_none());
	emit(c, OP_RETURN_VALUE, 0);
	co = comp_unit_finish(c, u, name, flags, 1, 0, n->line);
	c->u = saved;
	unit_free(c, u);
	comp_make_function(c, co, 0);
	comp_expr(c, gens->v[0]->b);
	emit(c, gens->v[0]->op == 1 ? OP_GET_AITER : OP_GET_ITER, 0);
	emit(c, OP_CALL, 1);
	if (s->is_async)
		comp_await(c);
}

/* A call expression. */
static void
comp_call(struct compiler *c, struct node *n)
{
	int		 i, nkw = 0, star = 0, dstar = 0, method = 0;

	for (i = 0; i < n->l1.n; i++)
		if (n->l1.v[i]->kind == N_STARRED)
			star = 1;
	for (i = 0; i < n->l2.n; i++) {
		if (n->l2.v[i]->kind == N_DOUBLESTAR)
			dstar = 1;
		else
			nkw++;
	}
	if (n->a->kind == N_ATTR && !star && !dstar && nkw == 0) {
		comp_expr(c, n->a->a);
		c->u->line = n->a->line;
		emit(c, OP_LOAD_METHOD, add_name(c, n->a->s));
		method = 1;
	} else
		comp_expr(c, n->a);
	if (star || dstar) {
		comp_star_list(c, &n->l1);
		emit(c, OP_LIST_TO_TUPLE, 0);
		if (n->l2.n > 0) {
			emit(c, OP_BUILD_MAP, 0);
			for (i = 0; i < n->l2.n; i++) {
				struct node *k = n->l2.v[i];

				if (k->kind == N_DOUBLESTAR) {
					comp_expr(c, k->a);
					emit(c, OP_DICT_MERGE, 1);
				} else {
					comp_const(c, val_obj(str_cstr(k->s)));
					comp_expr(c, k->a);
					emit(c, OP_BUILD_MAP, 1);
					emit(c, OP_DICT_MERGE, 1);
				}
			}
			c->u->line = n->line;
			emit(c, OP_CALL_EX, 1);
		} else {
			c->u->line = n->line;
			emit(c, OP_CALL_EX, 0);
		}
		return;
	}
	comp_list(c, &n->l1);
	if (nkw > 0) {
		struct tuple *names = tuple_new(nkw);

		for (i = 0; i < n->l2.n; i++) {
			int j;

			for (j = 0; j < i; j++)
				if (strcmp(n->l2.v[j]->s, n->l2.v[i]->s) == 0)
					comp_error(c, n->l2.v[i],
					    "keyword argument repeated: %s",
					    n->l2.v[i]->s);
			comp_expr(c, n->l2.v[i]->a);
			names->items[i] = val_obj(str_cstr(n->l2.v[i]->s));
		}
		comp_const(c, val_obj(names));
		c->u->line = n->line;
		emit(c, OP_CALL_KW, n->l1.n + nkw);
		return;
	}
	c->u->line = n->line;
	emit(c, method ? OP_CALL_METHOD : OP_CALL, n->l1.n);
}

/* f-string parts. */
static void
comp_fstring(struct compiler *c, struct node *n)
{
	int i, count = 0;

	for (i = 0; i < n->l1.n; i++) {
		struct node *p = n->l1.v[i];

		if (p->kind == N_STR) {
			comp_const(c, val_obj(str_new(p->s, p->slen)));
		} else {
			int flags = 0;

			comp_expr(c, p->a);
			if (p->op == 's')
				flags = 1;
			else if (p->op == 'r')
				flags = 2;
			else if (p->op == 'a')
				flags = 3;
			if (p->b != NULL) {
				comp_fstring(c, p->b);
				flags |= 4;
			}
			emit(c, OP_FORMAT_VALUE, flags);
		}
		count++;
	}
	if (count == 1 && n->l1.v[0]->kind == N_STR)
		return;
	if (count == 0)
		comp_const(c, val_obj(str_new("", 0)));
	else
		emit(c, OP_BUILD_STRING, count);
}

static void
comp_expr(struct compiler *c, struct node *n)
{
	int i;

	if (++c->nest > 900)
		comp_error(c, n, "too many nested expressions (maximum recursion depth exceeded during compilation)");
	c->u->line = n->line;
	switch (n->kind) {
	case N_NAME:
		comp_name(c, n->s, ACC_LOAD);
		break;
	case N_INT:
		comp_const(c, val_int(n->i));
		break;
	case N_FLOAT:
		comp_const(c, val_float(n->f));
		break;
	case N_STR:
		comp_const(c, val_obj(str_new(n->s, n->slen)));
		break;
	case N_BYTES:
		comp_const(c, val_obj(bytes_new((unsigned char *)n->s,
		    (int64_t)n->slen)));
		break;
	case N_NONE:
		comp_const(c, val_none());
		break;
	case N_TRUE: case N_FALSE:
		comp_const(c, val_bool(n->kind == N_TRUE));
		break;
	case N_ELLIPSIS:
		comp_const(c, val_dup(INTERP->ellipsis));
		break;
	case N_FSTRING:
		comp_fstring(c, n);
		break;
	case N_BINOP:
		comp_expr(c, n->a);
		comp_expr(c, n->b);
		c->u->line = n->line;
		emit(c, OP_BINARY_OP, n->op);
		break;
	case N_UNARY:
		comp_expr(c, n->a);
		c->u->line = n->line;
		emit(c, OP_UNARY_OP, n->op);
		break;
	case N_BOOLOP:
		{
			int jumps[1024], nj = 0;

			if (n->l1.n > 1000)
				comp_error(c, n, "too many operands");
			for (i = 0; i < n->l1.n; i++) {
				comp_expr(c, n->l1.v[i]);
				if (i + 1 < n->l1.n)
					jumps[nj++] = emit(c, n->op == OP_LAND ?
					    OP_JUMP_IF_FALSE_OR_POP :
					    OP_JUMP_IF_TRUE_OR_POP, 0);
			}
			for (i = 0; i < nj; i++)
				patch(c, jumps[i], here(c));
		}
		break;
	case N_COMPARE:
		comp_expr(c, n->a);
		if (n->l1.n == 1) {
			int op = (int)n->l2.v[0]->i;

			comp_expr(c, n->l1.v[0]);
			c->u->line = n->line;
			if (op == OP_IS || op == OP_ISNOT)
				emit(c, OP_IS_OP, op == OP_ISNOT);
			else if (op == OP_IN || op == OP_NOTIN)
				emit(c, OP_CONTAINS_OP, op == OP_NOTIN);
			else
				emit(c, OP_COMPARE_OP, op);
		} else {
			int cleanup[256], nc = 0, end;

			if (n->l1.n > 250)
				comp_error(c, n, "comparison chain too long");
			for (i = 0; i < n->l1.n; i++) {
				int op = (int)n->l2.v[i]->i;

				comp_expr(c, n->l1.v[i]);
				if (i + 1 < n->l1.n) {
					emit(c, OP_DUP_TOP, 0);
					emit(c, OP_ROT_THREE, 0);
				}
				c->u->line = n->line;
				if (op == OP_IS || op == OP_ISNOT)
					emit(c, OP_IS_OP, op == OP_ISNOT);
				else if (op == OP_IN || op == OP_NOTIN)
					emit(c, OP_CONTAINS_OP, op == OP_NOTIN);
				else
					emit(c, OP_COMPARE_OP, op);
				if (i + 1 < n->l1.n)
					cleanup[nc++] = emit(c, OP_JUMP_IF_FALSE_OR_POP, 0);
			}
			end = emit(c, OP_JUMP, 0);
			for (i = 0; i < nc; i++)
				patch(c, cleanup[i], here(c));
			emit(c, OP_ROT_TWO, 0);
			emit(c, OP_POP_TOP, 0);
			patch(c, end, here(c));
		}
		break;
	case N_CALL:
		comp_call(c, n);
		break;
	case N_ATTR:
		comp_expr(c, n->a);
		c->u->line = n->line;
		emit(c, OP_LOAD_ATTR, add_name(c, n->s));
		break;
	case N_SUBSCRIPT:
		comp_expr(c, n->a);
		comp_expr(c, n->b);
		c->u->line = n->line;
		emit(c, OP_BINARY_SUBSCR, 0);
		break;
	case N_SLICE:
		if (n->a) comp_expr(c, n->a); else comp_const(c, val_none());
		if (n->b) comp_expr(c, n->b); else comp_const(c, val_none());
		if (n->c) {
			comp_expr(c, n->c);
			emit(c, OP_BUILD_SLICE, 3);
		} else
			emit(c, OP_BUILD_SLICE, 2);
		break;
	case N_LIST:
		if (has_starred(&n->l1))
			comp_star_list(c, &n->l1);
		else {
			comp_list(c, &n->l1);
			emit(c, OP_BUILD_LIST, n->l1.n);
		}
		break;
	case N_TUPLE:
		if (has_starred(&n->l1)) {
			comp_star_list(c, &n->l1);
			emit(c, OP_LIST_TO_TUPLE, 0);
		} else {
			comp_list(c, &n->l1);
			emit(c, OP_BUILD_TUPLE, n->l1.n);
		}
		break;
	case N_SET:
		if (has_starred(&n->l1)) {
			emit(c, OP_BUILD_SET, 0);
			for (i = 0; i < n->l1.n; i++) {
				if (n->l1.v[i]->kind == N_STARRED) {
					comp_expr(c, n->l1.v[i]->a);
					emit(c, OP_SET_UPDATE, 1);
				} else {
					comp_expr(c, n->l1.v[i]);
					emit(c, OP_SET_ADD, 1);
				}
			}
		} else {
			comp_list(c, &n->l1);
			emit(c, OP_BUILD_SET, n->l1.n);
		}
		break;
	case N_DICT:
		{
			int pending = 0, built = 0;

			for (i = 0; i < n->l1.n; i++) {
				if (n->l1.v[i] == NULL) {
					if (!built) {
						emit(c, OP_BUILD_MAP, pending);
						built = 1;
					} else if (pending) {
						emit(c, OP_BUILD_MAP, pending);
						emit(c, OP_DICT_UPDATE, 1);
					}
					pending = 0;
					comp_expr(c, n->l2.v[i]);
					emit(c, OP_DICT_UPDATE, 1);
					continue;
				}
				comp_expr(c, n->l1.v[i]);
				comp_expr(c, n->l2.v[i]);
				pending++;
			}
			if (!built)
				emit(c, OP_BUILD_MAP, pending);
			else if (pending) {
				emit(c, OP_BUILD_MAP, pending);
				emit(c, OP_DICT_UPDATE, 1);
			}
		}
		break;
	case N_LISTCOMP: case N_SETCOMP: case N_GENEXP: case N_DICTCOMP:
		comp_comprehension(c, n);
		break;
	case N_LAMBDA:
		comp_function(c, n);
		break;
	case N_IFEXP:
		{
			int jf, je;

			comp_expr(c, n->a);
			jf = emit(c, OP_POP_JUMP_IF_FALSE, 0);
			comp_expr(c, n->b);
			je = emit(c, OP_JUMP, 0);
			patch(c, jf, here(c));
			comp_expr(c, n->c);
			patch(c, je, here(c));
		}
		break;
	case N_STARRED:
		comp_error(c, n, "can't use starred expression here");
	case N_YIELD:
		if (c->u->scope->kind != SC_FUNC)
			comp_error(c, n, "'yield' outside function");
		if (n->a)
			comp_expr(c, n->a);
		else
			comp_const(c, val_none());
		emit(c, OP_YIELD_VALUE, 0);
		break;
	case N_YIELDFROM:
		comp_expr(c, n->a);
		emit(c, OP_GET_ITER, 0);
		comp_const(c, val_none());
		emit(c, OP_YIELD_FROM, 0);
		break;
	case N_AWAIT:
		comp_expr(c, n->a);
		comp_await(c);
		break;
	case N_NAMEDEXPR:
		comp_expr(c, n->b);
		emit(c, OP_DUP_TOP, 0);
		{
			/* Comprehension targets bind in the enclosing scope. */
			struct scope *s = c->u->scope;

			if (s->node != NULL && (s->node->kind == N_LISTCOMP ||
			    s->node->kind == N_SETCOMP || s->node->kind == N_GENEXP ||
			    s->node->kind == N_DICTCOMP)) {
				int ci = find_cell(c->u, n->a->s);

				if (ci >= 0)
					emit(c, OP_STORE_DEREF, ci);
				else
					emit(c, OP_STORE_GLOBAL, add_name(c, n->a->s));
			} else
				comp_name(c, n->a->s, ACC_STORE);
		}
		break;
	case N_KEYWORD: case N_DOUBLESTAR:
		comp_error(c, n, "invalid syntax");
	default:
		comp_error(c, n, "unsupported expression");
	}
	c->nest--;
}

/* Emit the cleanup of fblocks from the top down to (excluding) index 'to'. */
static void
comp_unwind(struct compiler *c, int to, int preserve_tos)
{
	int i;

	for (i = c->u->nfb - 1; i > to; i--) {
		struct fblock *f = &c->u->fb[i];

		switch (f->type) {
		case FB_WHILE:
			break;
		case FB_FOR:
			if (preserve_tos)
				emit(c, OP_ROT_TWO, 0);
			emit(c, OP_POP_TOP, 0);
			break;
		case FB_TRY:
			emit(c, OP_POP_BLOCK, 0);
			break;
		case FB_HANDLER:
			emit(c, OP_POP_EXCEPT, 0);
			break;
		case FB_FINALLY_END:
			if (preserve_tos)
				emit(c, OP_ROT_TWO, 0);
			emit(c, OP_POP_TOP, 0);
			emit(c, OP_POP_EXCEPT, 0);
			break;
		case FB_POP_VALUE:
			/* A return value waiting under an inlined finally body. */
			if (preserve_tos)
				emit(c, OP_ROT_TWO, 0);
			emit(c, OP_POP_TOP, 0);
			break;
		case FB_WITH:
			emit(c, OP_POP_BLOCK, 0);
			if (preserve_tos)
				emit(c, OP_ROT_TWO, 0);
			emit(c, OP_WITH_EXIT, 0);
			break;
		case FB_ASYNC_WITH:
			emit(c, OP_POP_BLOCK, 0);
			if (preserve_tos)
				emit(c, OP_ROT_TWO, 0);
			emit(c, OP_ASYNC_WITH_EXIT, 0);
			comp_await(c);
			emit(c, OP_POP_TOP, 0);
			break;
		case FB_FINALLY:
			{
				struct fblock	 save = *f;
				int		 saved_n = c->u->nfb;

				emit(c, OP_POP_BLOCK, 0);
				/* Run the finally body outside its own block. */
				c->u->nfb = i;
				if (preserve_tos) {
					memset(&c->u->fb[i], 0, sizeof c->u->fb[i]);
					c->u->fb[i].type = FB_POP_VALUE;
					c->u->nfb = i + 1;
				}
				comp_stmts(c, &save.body->l1);
				c->u->nfb = saved_n;
				c->u->fb[i] = save;
			}
			break;
		}
	}
}

static struct fblock *
push_fb(struct compiler *c, struct node *at, int type)
{
	struct fblock *f;

	if (c->u->nfb >= 60)
		comp_error(c, at, "too many statically nested blocks");
	f = &c->u->fb[c->u->nfb++];
	memset(f, 0, sizeof *f);
	f->type = type;
	return f;
}

/* break / continue. */
static void
comp_loop_exit(struct compiler *c, struct node *n, int is_break)
{
	int i;

	for (i = c->u->nfb - 1; i >= 0; i--)
		if (c->u->fb[i].type == FB_WHILE || c->u->fb[i].type == FB_FOR)
			break;
	if (i < 0)
		comp_error(c, n, is_break ? "'break' outside loop" :
		    "'continue' not properly in loop");
	comp_unwind(c, i, 0);
	if (is_break) {
		struct fblock *f = &c->u->fb[i];

		if (f->type == FB_FOR)
			emit(c, OP_POP_TOP, 0);
		if (f->nbreaks >= 64)
			comp_error(c, n, "too many breaks in one loop");
		f->breaks[f->nbreaks++] = emit(c, OP_JUMP, 0);
	} else
		emit(c, OP_JUMP_BACK, c->u->fb[i].start);
}

/* try statement. */
static void
comp_try(struct compiler *c, struct node *n)
{
	struct fblock	*fin = NULL;
	int		 setup_fin = -1, i;

	if (n->a != NULL) {
		setup_fin = emit(c, OP_SETUP_EXCEPT, 0);
		fin = push_fb(c, n, FB_FINALLY);
		fin->body = n->a;
	}
	if (n->l2.n > 0) {
		int setup = emit(c, OP_SETUP_EXCEPT, 0), end_jumps[256], nend = 0;

		push_fb(c, n, FB_TRY);
		comp_stmts(c, &n->l1);
		c->u->nfb--;
		emit(c, OP_POP_BLOCK, 0);
		comp_stmts(c, &n->l3);
		end_jumps[nend++] = emit(c, OP_JUMP, 0);
		patch(c, setup, here(c));
		/* Stack: [exc]; a B_HANDLER block is active. */
		for (i = 0; i < n->l2.n; i++) {
			struct node	*h = n->l2.v[i];
			int		 next = -1;

			c->u->line = h->line;
			if (h->a != NULL) {
				emit(c, OP_DUP_TOP, 0);
				comp_expr(c, h->a);
				emit(c, OP_CHECK_EXC_MATCH, 0);
				next = emit(c, OP_POP_JUMP_IF_FALSE, 0);
			}
			if (h->s != NULL)
				comp_name(c, h->s, ACC_STORE);
			else
				emit(c, OP_POP_TOP, 0);
			push_fb(c, h, FB_HANDLER);
			comp_stmts(c, &h->l1);
			c->u->nfb--;
			emit(c, OP_POP_EXCEPT, 0);
			if (h->s != NULL) {
				comp_const(c, val_none());
				comp_name(c, h->s, ACC_STORE);
				comp_name(c, h->s, ACC_DEL);
			}
			if (nend >= 250)
				comp_error(c, h, "too many except clauses");
			end_jumps[nend++] = emit(c, OP_JUMP, 0);
			if (next >= 0)
				patch(c, next, here(c));
			else
				break;
		}
		if (n->l2.v[n->l2.n - 1]->a != NULL)
			emit(c, OP_RERAISE, 0);
		for (i = 0; i < nend; i++)
			patch(c, end_jumps[i], here(c));
	} else
		comp_stmts(c, &n->l1);
	if (fin != NULL) {
		int end;

		c->u->nfb--;
		emit(c, OP_POP_BLOCK, 0);
		comp_stmts(c, &n->a->l1);
		end = emit(c, OP_JUMP, 0);
		patch(c, setup_fin, here(c));
		push_fb(c, n, FB_FINALLY_END);
		comp_stmts(c, &n->a->l1);
		c->u->nfb--;
		emit(c, OP_RERAISE, 0);
		patch(c, end, here(c));
	}
}

/*
 * async with: __aenter__ awaited before the block (the target is bound
 * outside it), __aexit__ awaited on every way out.
 */
static void
comp_async_with(struct compiler *c, struct node *n, int item)
{
	struct node	*it = n->l1.v[item];
	int		 setup, end, j;

	c->u->line = it->line;
	comp_expr(c, it->a);
	emit(c, OP_BEFORE_ASYNC_WITH, 0);
	comp_await(c);
	if (it->b != NULL)
		comp_store(c, it->b);
	else
		emit(c, OP_POP_TOP, 0);
	/* Stack: [aexit]. */
	setup = emit(c, OP_SETUP_EXCEPT, 0);
	push_fb(c, n, FB_ASYNC_WITH);
	if (item + 1 < n->l1.n)
		comp_async_with(c, n, item + 1);
	else
		comp_stmts(c, &n->l2);
	c->u->nfb--;
	c->u->line = it->line;
	emit(c, OP_POP_BLOCK, 0);
	emit(c, OP_ASYNC_WITH_EXIT, 0);
	comp_await(c);
	emit(c, OP_POP_TOP, 0);
	end = emit(c, OP_JUMP, 0);
	patch(c, setup, here(c));
	/* Stack: [aexit, exc]; B_HANDLER active. */
	emit(c, OP_WITH_EXCEPT, 1);
	comp_await(c);
	j = emit(c, OP_POP_JUMP_IF_TRUE, 0);
	emit(c, OP_RERAISE, 0);
	patch(c, j, here(c));
	emit(c, OP_POP_TOP, 0);
	emit(c, OP_POP_TOP, 0);
	emit(c, OP_POP_EXCEPT, 0);
	patch(c, end, here(c));
}

/* with statement (one item at a time, nested). */
static void
comp_with(struct compiler *c, struct node *n, int item)
{
	struct node	*it = n->l1.v[item];
	int		 setup, end;

	if (n->op == 1) {
		comp_async_with(c, n, item);
		return;
	}
	c->u->line = it->line;
	comp_expr(c, it->a);
	setup = emit(c, OP_SETUP_WITH, 0);
	if (it->b != NULL)
		comp_store(c, it->b);
	else
		emit(c, OP_POP_TOP, 0);
	push_fb(c, n, FB_WITH);
	if (item + 1 < n->l1.n)
		comp_with(c, n, item + 1);
	else
		comp_stmts(c, &n->l2);
	c->u->nfb--;
	c->u->line = it->line;
	emit(c, OP_POP_BLOCK, 0);
	emit(c, OP_WITH_EXIT, 0);
	end = emit(c, OP_JUMP, 0);
	patch(c, setup, here(c));
	/* Stack: [exit, exc]; B_HANDLER active. */
	emit(c, OP_WITH_EXCEPT, 0);
	{
		int j = emit(c, OP_POP_JUMP_IF_TRUE, 0);

		emit(c, OP_RERAISE, 0);
		patch(c, j, here(c));
		emit(c, OP_POP_TOP, 0);
		emit(c, OP_POP_TOP, 0);
		emit(c, OP_POP_EXCEPT, 0);
	}
	patch(c, end, here(c));
}

static void
comp_stmt(struct compiler *c, struct node *n)
{
	int i;

	c->u->line = n->line;
	switch (n->kind) {
	case N_EXPR:
		if (n->a->kind == N_STR || n->a->kind == N_INT ||
		    n->a->kind == N_NONE || n->a->kind == N_ELLIPSIS)
			break;
		comp_expr(c, n->a);
		emit(c, OP_POP_TOP, 0);
		break;
	case N_ASSIGN:
		comp_expr(c, n->a);
		for (i = 0; i < n->l1.n; i++) {
			if (i + 1 < n->l1.n)
				emit(c, OP_DUP_TOP, 0);
			comp_store(c, n->l1.v[i]);
		}
		break;
	case N_AUGASSIGN:
		{
			struct node *t = n->a;

			if (t->kind == N_NAME) {
				comp_name(c, t->s, ACC_LOAD);
				comp_expr(c, n->b);
				c->u->line = n->line;
				emit(c, OP_INPLACE_OP, n->op);
				comp_name(c, t->s, ACC_STORE);
			} else if (t->kind == N_ATTR) {
				comp_expr(c, t->a);
				emit(c, OP_DUP_TOP, 0);
				emit(c, OP_LOAD_ATTR, add_name(c, t->s));
				comp_expr(c, n->b);
				c->u->line = n->line;
				emit(c, OP_INPLACE_OP, n->op);
				emit(c, OP_ROT_TWO, 0);
				emit(c, OP_STORE_ATTR, add_name(c, t->s));
			} else {
				comp_expr(c, t->a);
				comp_expr(c, t->b);
				emit(c, OP_DUP_TOP_TWO, 0);
				emit(c, OP_BINARY_SUBSCR, 0);
				comp_expr(c, n->b);
				c->u->line = n->line;
				emit(c, OP_INPLACE_OP, n->op);
				emit(c, OP_ROT_THREE, 0);
				emit(c, OP_STORE_SUBSCR, 0);
			}
		}
		break;
	case N_ANNASSIGN:
		if (n->b != NULL) {
			comp_expr(c, n->b);
			comp_store(c, n->a);
		}
		break;
	case N_IF:
		{
			int jumps[64], nj = 0, end, k;

			comp_jump_if(c, n->a, 0, jumps, &nj);
			comp_stmts(c, &n->l1);
			if (n->l2.n > 0) {
				end = emit(c, OP_JUMP, 0);
				for (k = 0; k < nj; k++)
					patch(c, jumps[k], here(c));
				comp_stmts(c, &n->l2);
				patch(c, end, here(c));
			} else
				for (k = 0; k < nj; k++)
					patch(c, jumps[k], here(c));
		}
		break;
	case N_WHILE:
		{
			int start = here(c), jumps[64], nj = 0, k;
			struct fblock *f;

			comp_jump_if(c, n->a, 0, jumps, &nj);
			f = push_fb(c, n, FB_WHILE);
			f->start = start;
			comp_stmts(c, &n->l1);
			c->u->line = n->line;
			emit(c, OP_JUMP_BACK, start);
			f = &c->u->fb[c->u->nfb - 1];
			c->u->nfb--;
			for (k = 0; k < nj; k++)
				patch(c, jumps[k], here(c));
			comp_stmts(c, &n->l2);
			for (k = 0; k < f->nbreaks; k++)
				patch(c, f->breaks[k], here(c));
		}
		break;
	case N_FOR:
		if (n->op == 1) {
			int start, setup, k;
			struct fblock *f;

			/* async for: __anext__ awaited until StopAsyncIteration. */
			comp_expr(c, n->b);
			c->u->line = n->line;
			emit(c, OP_GET_AITER, 0);
			start = here(c);
			setup = emit(c, OP_SETUP_EXCEPT, 0);
			emit(c, OP_DUP_TOP, 0);
			emit(c, OP_GET_ANEXT, 0);
			comp_await(c);
			emit(c, OP_POP_BLOCK, 0);
			comp_store(c, n->a);
			f = push_fb(c, n, FB_FOR);
			f->start = start;
			comp_stmts(c, &n->l1);
			c->u->line = n->line;
			emit(c, OP_JUMP_BACK, start);
			f = &c->u->fb[c->u->nfb - 1];
			c->u->nfb--;
			patch(c, setup, here(c));
			/* Stack: [aiter, exc]: StopAsyncIteration ends the loop. */
			emit(c, OP_END_ASYNC_FOR, 0);
			comp_stmts(c, &n->l2);
			for (k = 0; k < f->nbreaks; k++)
				patch(c, f->breaks[k], here(c));
			break;
		}
		{
			int start, exit_jump, k;
			struct fblock *f;

			comp_expr(c, n->b);
			c->u->line = n->line;
			emit(c, OP_GET_ITER, 0);
			start = here(c);
			exit_jump = emit(c, OP_FOR_ITER, 0);
			comp_store(c, n->a);
			f = push_fb(c, n, FB_FOR);
			f->start = start;
			comp_stmts(c, &n->l1);
			c->u->line = n->line;
			emit(c, OP_JUMP_BACK, start);
			f = &c->u->fb[c->u->nfb - 1];
			c->u->nfb--;
			patch(c, exit_jump, here(c));
			comp_stmts(c, &n->l2);
			for (k = 0; k < f->nbreaks; k++)
				patch(c, f->breaks[k], here(c));
		}
		break;
	case N_BREAK:
		comp_loop_exit(c, n, 1);
		break;
	case N_CONTINUE:
		comp_loop_exit(c, n, 0);
		break;
	case N_PASS:
		break;
	case N_RETURN:
		if (c->u->scope->kind != SC_FUNC)
			comp_error(c, n, "'return' outside function");
		if (n->a)
			comp_expr(c, n->a);
		else
			comp_const(c, val_none());
		comp_unwind(c, -1, 1);
		c->u->line = n->line;
		emit(c, OP_RETURN_VALUE, 0);
		break;
	case N_DEF:
		comp_function(c, n);
		break;
	case N_CLASS:
		comp_class(c, n);
		break;
	case N_DEL:
		for (i = 0; i < n->l1.n; i++)
			comp_del(c, n->l1.v[i]);
		break;
	case N_GLOBAL: case N_NONLOCAL:
		break;
	case N_TRY:
		comp_try(c, n);
		break;
	case N_RAISE:
		if (n->a)
			comp_expr(c, n->a);
		if (n->b)
			comp_expr(c, n->b);
		c->u->line = n->line;
		emit(c, OP_RAISE, n->b ? 2 : n->a ? 1 : 0);
		break;
	case N_WITH:
		comp_with(c, n, 0);
		break;
	case N_ASSERT:
		{
			int j;

			comp_expr(c, n->a);
			j = emit(c, OP_POP_JUMP_IF_TRUE, 0);
			emit(c, OP_LOAD_ASSERTION_ERROR, 0);
			if (n->b) {
				comp_expr(c, n->b);
				emit(c, OP_CALL, 1);
			}
			c->u->line = n->line;
			emit(c, OP_RAISE, 1);
			patch(c, j, here(c));
		}
		break;
	case N_IMPORT:
		for (i = 0; i < n->l1.n; i++) {
			struct node *al = n->l1.v[i];

			emit(c, OP_IMPORT_NAME, add_name(c, al->s));
			if (al->a != NULL) {
				/*
				 * import a.b as c binds the submodule:
				 * IMPORT_NAME leaves the last module.
				 */
				comp_name(c, (char *)al->a, ACC_STORE);
			} else {
				char buf[256];
				char *dot;

				snprintf(buf, sizeof buf, "%s", al->s);
				if ((dot = strchr(buf, '.')) != NULL) {
					*dot = '\0';
					emit(c, OP_POP_TOP, 0);
					emit(c, OP_IMPORT_NAME, add_name(c, buf));
				}
				comp_name(c, buf, ACC_STORE);
			}
		}
		break;
	case N_IMPORTFROM:
		emit(c, OP_IMPORT_NAME, add_name(c, n->s));
		for (i = 0; i < n->l1.n; i++) {
			struct node *al = n->l1.v[i];

			if (strcmp(al->s, "*") == 0) {
				emit(c, OP_IMPORT_STAR, 0);
				return;
			}
			emit(c, OP_IMPORT_FROM, add_name(c, al->s));
			comp_name(c, al->a ? (char *)al->a : al->s, ACC_STORE);
		}
		emit(c, OP_POP_TOP, 0);
		break;
	default:
		comp_error(c, n, "unsupported statement");
	}
}

static void
comp_stmts(struct compiler *c, struct nlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		comp_stmt(c, l->v[i]);
}

/* Stack effect of an instruction: on fall-through and when jumping. */
static void
comp_effect(uint32_t w, int *fall, int *jump, int *isjump, int *term)
{
	int op = INSN_OP(w), arg = INSN_ARG(w);

	*jump = 0;
	*isjump = 0;
	*term = 0;
	switch (op) {
	case OP_LOAD_CONST: case OP_LOAD_FAST: case OP_LOAD_DEREF:
	case OP_LOAD_CLOSURE: case OP_LOAD_GLOBAL: case OP_LOAD_NAME:
	case OP_DUP_TOP: case OP_LOAD_BUILD_CLASS: case OP_IMPORT_NAME:
	case OP_IMPORT_FROM: case OP_LOAD_ASSERTION_ERROR:
	case OP_LOAD_METHOD: case OP_WITH_EXCEPT: case OP_BEFORE_ASYNC_WITH:
		*fall = 1;
		break;
	case OP_STORE_FAST: case OP_STORE_DEREF: case OP_STORE_GLOBAL:
	case OP_STORE_NAME: case OP_DELETE_ATTR: case OP_BINARY_SUBSCR:
	case OP_BINARY_OP: case OP_INPLACE_OP: case OP_COMPARE_OP:
	case OP_IS_OP: case OP_CONTAINS_OP: case OP_POP_TOP:
	case OP_LIST_APPEND: case OP_SET_ADD: case OP_LIST_EXTEND:
	case OP_SET_UPDATE: case OP_DICT_UPDATE: case OP_DICT_MERGE:
	case OP_YIELD_FROM: case OP_CHECK_EXC_MATCH: case OP_WITH_EXIT:
	case OP_IMPORT_STAR:
		*fall = -1;
		break;
	case OP_STORE_ATTR: case OP_DELETE_SUBSCR: case OP_MAP_ADD:
		*fall = -2;
		break;
	case OP_STORE_SUBSCR:
		*fall = -3;
		break;
	case OP_DUP_TOP_TWO:
		*fall = 2;
		break;
	case OP_CALL_METHOD:
		*fall = -(arg + 1);
		break;
	case OP_CALL:
		*fall = -arg;
		break;
	case OP_CALL_KW:
		*fall = -(arg + 1);
		break;
	case OP_CALL_EX:
		*fall = -(1 + (arg & 1));
		break;
	case OP_MAKE_FUNCTION:
		*fall = -(((arg & 1) != 0) + ((arg & 2) != 0) + ((arg & 4) != 0));
		break;
	case OP_BUILD_LIST: case OP_BUILD_TUPLE: case OP_BUILD_SET:
	case OP_BUILD_STRING: case OP_BUILD_SLICE:
		*fall = 1 - arg;
		break;
	case OP_BUILD_MAP:
		*fall = 1 - 2 * arg;
		break;
	case OP_UNPACK_SEQUENCE:
		*fall = arg - 1;
		break;
	case OP_UNPACK_EX:
		*fall = (arg & 0xff) + (arg >> 8);
		break;
	case OP_FORMAT_VALUE:
		*fall = (arg & 4) ? -1 : 0;
		break;
	case OP_JUMP: case OP_JUMP_BACK:
		*fall = 0;
		*isjump = 1;
		*term = 1;
		break;
	case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE:
		*fall = -1;
		*jump = -1;
		*isjump = 1;
		break;
	case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP:
		*fall = -1;
		*jump = 0;
		*isjump = 1;
		break;
	case OP_FOR_ITER:
		*fall = 1;
		*jump = -1;
		*isjump = 1;
		break;
	case OP_SETUP_EXCEPT:
		*fall = 0;
		*jump = 1;
		*isjump = 1;
		break;
	case OP_END_ASYNC_FOR:
		*fall = -2;
		break;
	case OP_SETUP_WITH:
		*fall = 1;
		*jump = 1;
		*isjump = 1;
		break;
	case OP_RETURN_VALUE: case OP_RERAISE: case OP_RAISE:
		*fall = 0;
		*term = 1;
		break;
	default:
		*fall = 0;
		break;
	}
}

/*
 * Mark where the line may change: the first instruction, every instruction
 * on another line than the one before it, every jump target.
 */
static void
comp_line_marks(struct code *co)
{
	int	 i, fall, jump, isjump, term;

	for (i = 0; i < co->ninsns; i++) {
		comp_effect(co->insns[i], &fall, &jump, &isjump, &term);
		if (isjump && (int)INSN_ARG(co->insns[i]) < co->ninsns)
			co->insns[INSN_ARG(co->insns[i])] |= INSN_LINEMARK;
		if (i == 0 || co->lines[i] != co->lines[i - 1])
			co->insns[i] |= INSN_LINEMARK;
	}
}

/* Maximum stack depth of a unit, by flow analysis. */
static int
comp_stacksize(struct unit *u)
{
	int	*depth = xmalloc(sizeof *depth * (size_t)(u->n + 1));
	int	*work = xmalloc(sizeof *work * (size_t)(u->n + 1) * 2);
	int	 nw = 0, i, maxd = 0;

	for (i = 0; i <= u->n; i++)
		depth[i] = -1;
	depth[0] = 0;
	work[nw++] = 0;
	while (nw > 0) {
		int pc = work[--nw], d = depth[pc];

		while (pc < u->n) {
			int fall, jump, isjump, term, tgt;
			uint32_t w = u->insns[pc];

			comp_effect(w, &fall, &jump, &isjump, &term);
			if (isjump) {
				tgt = (int)INSN_ARG(w);
				if (INSN_OP(w) == OP_JUMP || INSN_OP(w) == OP_JUMP_BACK)
					jump = 0;
				if (tgt <= u->n && depth[tgt] < d + jump) {
					depth[tgt] = d + jump;
					if (d + jump > maxd)
						maxd = d + jump;
					work[nw++] = tgt;
					if (nw >= u->n * 2)
						nw = u->n * 2 - 1;
				}
			}
			if (term)
				break;
			d += fall;
			if (d > maxd)
				maxd = d;
			pc++;
			if (pc < u->n && depth[pc] >= d)
				break;
			if (pc <= u->n)
				depth[pc] = d;
		}
	}
	free(depth);
	free(work);
	return maxd + 4;
}

/* Turn a unit into a code object. */
static struct code *
comp_unit_finish(struct compiler *c, struct unit *u, const char *name,
    int flags, int nargs, int nkwonly, int firstline)
{
	struct code	*co = obj_alloc(TYPE(T_CODE), sizeof *co);
	int		 i;

	co->ninsns = u->n;
	co->insns = xcalloc((size_t)u->n + 1, sizeof *co->insns);
	co->lines = xcalloc((size_t)u->n + 1, sizeof *co->lines);
	if (u->n > 0) {
		memcpy(co->insns, u->insns, sizeof *u->insns * (size_t)u->n);
		memcpy(co->lines, u->lines, sizeof *u->lines * (size_t)u->n);
	}
	co->gcache = xcalloc((size_t)u->n + 1, sizeof *co->gcache);
	co->nconsts = u->nconsts;
	co->consts = xcalloc((size_t)u->nconsts + 1, sizeof *co->consts);
	for (i = 0; i < u->nconsts; i++)
		co->consts[i] = val_dup(u->consts[i]);
	co->nnames = u->nnames;
	co->names = xcalloc((size_t)u->nnames + 1, sizeof *co->names);
	for (i = 0; i < u->nnames; i++) {
		co->names[i] = u->names[i];
		OBJ_INCREF(co->names[i]);
	}
	co->nlocals = u->nvars;
	co->varnames = xcalloc((size_t)u->nvars + 1, sizeof *co->varnames);
	for (i = 0; i < u->nvars; i++) {
		co->varnames[i] = u->vars[i];
		OBJ_INCREF(co->varnames[i]);
	}
	co->ncells = u->ncells;
	co->nfree = u->nfree;
	co->cellnames = xcalloc((size_t)(u->ncells + u->nfree) + 1,
	    sizeof *co->cellnames);
	for (i = 0; i < u->ncells + u->nfree; i++) {
		co->cellnames[i] = u->cells[i];
		OBJ_INCREF(co->cellnames[i]);
	}
	co->nargs = nargs;
	co->nkwonly = nkwonly;
	co->flags = flags;
	co->stacksize = comp_stacksize(u);
	/* Built-in modules written in Python ("<asyncio>") report no lines:
	   the thread stays at the user's line that called into them. */
	if (c->filename->data[0] == '<' && strcmp(c->filename->data,
	    "<stdin>") != 0 && strcmp(c->filename->data, "<string>") != 0)
		co->flags |= CO_NOLINES;
	else
		comp_line_marks(co);
	co->name = str_cstr(name);
	co->qualname = str_cstr(u->scope->qualname ? u->scope->qualname : name);
	co->filename = c->filename;
	OBJ_INCREF(co->filename);
	co->firstline = firstline;
	return co;
}

/* Compile a module. */
struct code *
compile_module(const char *src, size_t len, const char *path,
    struct lang_error *err)
{
	struct compiler	*c = xcalloc(1, sizeof *c);
	struct node	*m;
	struct scope	*top = NULL;
	struct unit	*u = NULL;
	struct code	*co = NULL;

	c->arena = arena_create();
	c->err = err;
	c->path = path;
	m = parse_module(c->arena, src, len, err);
	if (m == NULL)
		goto out;
	c->filename = str_cstr(path);
	if (setjmp(c->jb) != 0) {
		/* Units of nested scopes may leak on error: free the current one. */
		co = NULL;
		goto out;
	}
	top = c->top = scope_new(c, SC_MODULE, m, NULL);
	top->qualname = xstrdup("<module>");
	scan_stmts(c, top, &m->l1);
	scope_resolve(c, top);
	u = unit_new(c, top);
	c->u = u;
	u->line = 1;
	if (m->l1.n > 0 && m->l1.v[0]->kind == N_EXPR &&
	    m->l1.v[0]->a->kind == N_STR) {
		comp_expr(c, m->l1.v[0]->a);
		comp_name(c, "__doc__", ACC_STORE);
	}
	comp_stmts(c, &m->l1);
	emit(c, OP_LOAD_CONST, add_const(c, val_none()));
	emit(c, OP_RETURN_VALUE, 0);
	co = comp_unit_finish(c, u, "<module>", CO_MODULE, 0, 0, 1);
out:
	while (c->live != NULL)
		unit_free(c, c->live);
	scope_free(c->top);
	if (c->filename != NULL)
		OBJ_DECREF(c->filename);
	arena_free(c->arena);
	free(c);
	return co;
}

/* Format an error as "FILE:LINE:COL: error: MSG", the line and a caret. */
char *
compile_error_format(const char *path, const char *src, size_t len,
    const struct lang_error *err)
{
	struct buf	 b;
	const char	*p = src, *e = src + len, *ls;
	int		 line = 1, i, col = err->col;

	buf_init(&b);
	buf_printf(&b, "%s:%d:%d: error: %s\n", path, err->line, err->col + 1,
	    err->msg);
	while (p < e && line < err->line) {
		if (*p++ == '\n')
			line++;
	}
	if (line == err->line && p <= e) {
		ls = p;
		while (p < e && *p != '\n')
			p++;
		buf_add(&b, "    ", 4);
		buf_add(&b, ls, (size_t)(p - ls));
		buf_addc(&b, '\n');
		buf_add(&b, "    ", 4);
		if (col > p - ls)
			col = (int)(p - ls);
		for (i = 0; i < col; i++)
			buf_addc(&b, ls[i] == '\t' ? '\t' : ' ');
		buf_add(&b, "^\n", 2);
	}
	return buf_detach(&b, NULL);
}
