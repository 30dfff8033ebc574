/*
 * ast.h — the syntax tree the parser builds and the compiler reads.
 *
 * One generic node type; every node lives in the arena of its parse, which
 * is freed at once after compilation. Nothing here knows about run-time
 * values.
 */
#ifndef CONCVIZ_LANG_AST_H
#define CONCVIZ_LANG_AST_H

#include <stddef.h>
#include <stdint.h>

enum node_kind {
	/* expressions */
	N_NAME = 1, N_INT, N_FLOAT, N_STR, N_BYTES, N_NONE, N_TRUE, N_FALSE,
	N_ELLIPSIS, N_FSTRING, N_FORMATTED, N_BINOP, N_UNARY, N_BOOLOP,
	N_COMPARE, N_CALL, N_KEYWORD, N_ATTR, N_SUBSCRIPT, N_SLICE, N_LIST,
	N_TUPLE, N_DICT, N_SET, N_LISTCOMP, N_SETCOMP, N_GENEXP, N_DICTCOMP,
	N_COMPFOR, N_LAMBDA, N_IFEXP, N_STARRED, N_DOUBLESTAR, N_YIELD,
	N_YIELDFROM, N_NAMEDEXPR, N_AWAIT,
	/* statements */
	N_EXPR, N_ASSIGN, N_AUGASSIGN, N_ANNASSIGN, N_IF, N_WHILE, N_FOR,
	N_BREAK, N_CONTINUE, N_PASS, N_RETURN, N_DEF, N_CLASS, N_DEL,
	N_GLOBAL, N_NONLOCAL, N_TRY, N_HANDLER, N_RAISE, N_WITH, N_WITHITEM,
	N_ASSERT, N_IMPORT, N_IMPORTFROM, N_ALIAS, N_ARG, N_MODULE
};

/* Operators (N_BINOP, N_AUGASSIGN, N_UNARY, N_BOOLOP, N_COMPARE). */
enum ast_op {
	OP_ADD = 1, OP_SUB, OP_MUL, OP_MATMUL, OP_DIV, OP_FLOORDIV, OP_MOD,
	OP_POW, OP_LSHIFT, OP_RSHIFT, OP_AND, OP_OR, OP_XOR,
	OP_NOT, OP_NEG, OP_POS, OP_INVERT,
	OP_LAND, OP_LOR,
	OP_LT, OP_LE, OP_EQ, OP_NE, OP_GT, OP_GE, OP_IN, OP_NOTIN, OP_IS,
	OP_ISNOT
};

/* Parameter kinds (N_ARG op). */
enum { ARG_POS = 1, ARG_VAR, ARG_KWONLY, ARG_KW };

struct node;

struct nlist {
	struct node	**v;
	int		  n, cap;
};

struct node {
	int		 kind;
	int		 op;
	int		 line, col;
	struct node	*a, *b, *c, *d;
	struct nlist	 l1, l2, l3;
	char		*s;
	size_t		 slen;
	int64_t		 i;
	double		 f;
};

/* A parse error (or compile error): position and message. */
struct lang_error {
	int		 line, col;
	char		 msg[256];
};

struct arena;

/* Parse a module. Returns the tree, or NULL with *err filled. */
struct node	*parse_module(struct arena *, const char *src, size_t len,
		    struct lang_error *err);

struct arena	*arena_create(void);
void		 arena_free(struct arena *);
void		*arena_alloc(struct arena *, size_t);

#endif
