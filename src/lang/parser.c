/*
 * parser.c — recursive-descent parser from tokens to the syntax tree.
 *
 * Owns the grammar of the subset, f-string splitting and syntax errors with
 * CPython-like messages. It must not emit bytecode. Nesting depth is bounded
 * so that hostile input cannot exhaust the C stack.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lexer.h"

#define PARSER_MAX_DEPTH	400

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, size;
	char			 data[];
};

struct arena {
	struct arena_chunk	*head;
};

/* A new, empty arena. */
struct arena *
arena_create(void)
{
	return xcalloc(1, sizeof(struct arena));
}

/* Free an arena and everything allocated in it. */
void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *n;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

/* Allocate zeroed memory in an arena. */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	*c = a->head;
	void			*p;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->used + n > c->size) {
		size_t sz = n > 65536 ? n : 65536;

		c = xmalloc(sizeof *c + sz);
		c->used = 0;
		c->size = sz;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

struct parser {
	struct lexer	 lx;
	struct token	 tok;		/* current */
	struct token	 next;		/* one token of lookahead */
	int		 have_next;
	int		 depth;
	int		 in_func;
	int		 in_loop;
	struct arena	*arena;
};

static struct node *parse_test(struct parser *);
static struct node *parse_expr(struct parser *);
static struct node *parse_star_expr(struct parser *);
static struct node *parse_testlist_star(struct parser *, int allow_star);
static void parse_block(struct parser *, struct nlist *);
static struct node *parse_stmt_list(struct parser *, struct nlist *);
static struct node *parse_atom_trailers(struct parser *);
static struct node *parse_bool(struct parser *, int);
static void parse_check_target(struct parser *, struct node *, int);

/* Report a syntax error at a token. */
static void __attribute__((format(printf, 3, 4), noreturn))
parse_error_at(struct parser *p, struct token *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->lx.err->msg, sizeof p->lx.err->msg, fmt, ap);
	va_end(ap);
	p->lx.err->line = t->line;
	p->lx.err->col = t->col;
	longjmp(*p->lx.jb, 1);
}

/* Move to the next token. */
static void
parse_advance(struct parser *p)
{
	if (p->have_next) {
		p->tok = p->next;
		p->have_next = 0;
	} else
		lexer_next(&p->lx, &p->tok);
}

/* Peek at the token after the current one. */
static struct token *
parse_peek(struct parser *p)
{
	if (!p->have_next) {
		lexer_next(&p->lx, &p->next);
		p->have_next = 1;
	}
	return &p->next;
}

static int
is_op(struct parser *p, const char *op)
{
	return p->tok.kind == TK_OP && strcmp(p->tok.op, op) == 0;
}

static int
is_kw(struct parser *p, const char *kw)
{
	return p->tok.kind == TK_NAME && strcmp(p->tok.s, kw) == 0;
}

static int
accept_op(struct parser *p, const char *op)
{
	if (is_op(p, op)) {
		parse_advance(p);
		return 1;
	}
	return 0;
}

static int
accept_kw(struct parser *p, const char *kw)
{
	if (is_kw(p, kw)) {
		parse_advance(p);
		return 1;
	}
	return 0;
}

/* Complain about the current token. */
static void __attribute__((noreturn))
parse_unexpected(struct parser *p)
{
	if (p->tok.kind == TK_INDENT)
		parse_error_at(p, &p->tok, "unexpected indent");
	if (p->tok.kind == TK_END)
		parse_error_at(p, &p->tok, "unexpected EOF while parsing");
	parse_error_at(p, &p->tok, "invalid syntax");
}

static void
expect_op(struct parser *p, const char *op)
{
	if (!accept_op(p, op)) {
		if (strcmp(op, ":") == 0)
			parse_error_at(p, &p->tok, "expected ':'");
		if (strcmp(op, ")") == 0 || strcmp(op, "]") == 0 ||
		    strcmp(op, "}") == 0)
			parse_error_at(p, &p->tok, "invalid syntax");
		parse_unexpected(p);
	}
}

static const char *parse_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", NULL
};

static int
is_keyword(const char *s)
{
	int i;

	for (i = 0; parse_keywords[i] != NULL; i++)
		if (strcmp(s, parse_keywords[i]) == 0)
			return 1;
	return 0;
}

/* Expect a non-keyword name; return it. */
static char *
expect_name(struct parser *p)
{
	char *s;

	if (p->tok.kind != TK_NAME || is_keyword(p->tok.s))
		parse_unexpected(p);
	s = p->tok.s;
	parse_advance(p);
	return s;
}

/* A new node at a token's position. */
static struct node *
node_new(struct parser *p, int kind, struct token *at)
{
	struct node *n = arena_alloc(p->arena, sizeof *n);

	n->kind = kind;
	n->line = at->line;
	n->col = at->col;
	return n;
}

/* Append to a node list. */
static void
nlist_add(struct parser *p, struct nlist *l, struct node *n)
{
	if (l->n == l->cap) {
		int		 cap = l->cap ? l->cap * 2 : 4;
		struct node	**v = arena_alloc(p->arena, sizeof *v * (size_t)cap);

		if (l->n)
			memcpy(v, l->v, sizeof *v * (size_t)l->n);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = n;
}

static void
parse_enter(struct parser *p)
{
	if (++p->depth > PARSER_MAX_DEPTH)
		parse_error_at(p, &p->tok,
		    "too many nested expressions (maximum recursion depth exceeded during compilation)");
}

/* ---- f-strings ---------------------------------------------------------- */

static struct node *parse_sub_expr(struct parser *, const char *, size_t,
    int, int);

/*
 * Split an f-string body into literal parts (N_STR) and replacement fields
 * (N_FORMATTED: a = expression, op = conversion, b = spec as N_FSTRING).
 */
static void
parse_fstring_body(struct parser *p, struct token *t, const char *s, size_t n,
    int line, int col, struct nlist *parts, int depth)
{
	struct buf_s { char *d; size_t len; } lit;
	size_t		 i = 0;

	lit.d = arena_alloc(p->arena, n + 1);
	lit.len = 0;
	if (depth > 2)
		parse_error_at(p, t, "f-string: expressions nested too deeply");
	while (i < n) {
		char c = s[i];

		if (c == '{' && i + 1 < n && s[i + 1] == '{') {
			lit.d[lit.len++] = '{';
			i += 2;
			continue;
		}
		if (c == '}' && i + 1 < n && s[i + 1] == '}') {
			lit.d[lit.len++] = '}';
			i += 2;
			continue;
		}
		if (c == '}')
			parse_error_at(p, t, "f-string: single '}' is not allowed");
		if (c != '{') {
			lit.d[lit.len++] = c;
			i++;
			continue;
		}
		/* A replacement field. */
		if (lit.len > 0) {
			struct node *ln = node_new(p, N_STR, t);
			size_t outlen;

			ln->s = lexer_unescape(&p->lx, lit.d, lit.len,
			    t->flags & STR_RAW, &outlen, t->line, t->col);
			ln->slen = outlen;
			nlist_add(p, parts, ln);
			lit.d = arena_alloc(p->arena, n + 1);
			lit.len = 0;
		}
		{
			size_t		 start = ++i, end;
			int		 nest = 0, conv = 0, eq = 0;
			char		 q = 0;
			struct node	*fn;
			int		 fline = line, fcol = col;
			size_t		 k;

			/* Position of the expression for errors. */
			for (k = 0; k < start; k++) {
				if (s[k] == '\n') {
					fline++;
					fcol = 0;
				} else
					fcol++;
			}
			while (i < n) {
				c = s[i];
				if (q) {
					if (c == q)
						q = 0;
					i++;
					continue;
				}
				if (c == '\'' || c == '"') {
					q = c;
					i++;
					continue;
				}
				if (c == '\\')
					parse_error_at(p, t,
					    "f-string expression part cannot include a backslash");
				if (c == '#')
					parse_error_at(p, t,
					    "f-string expression part cannot include '#'");
				if (c == '(' || c == '[' || c == '{')
					nest++;
				else if ((c == ')' || c == ']' || c == '}') && nest > 0)
					nest--;
				else if (nest == 0 && (c == '}' || c == ':' ||
				    (c == '!' && i + 1 < n && s[i + 1] != '=')))
					break;
				else if (nest == 0 && c == '=' && i + 1 < n &&
				    s[i + 1] != '=' && i > start &&
				    strchr("=!<>", s[i - 1]) == NULL) {
					eq = 1;
					break;
				}
				i++;
			}
			if (i >= n)
				parse_error_at(p, t, "f-string: expecting '}'");
			end = i;
			{
				size_t a = start;

				while (a < end && (s[a] == ' ' || s[a] == '\n'))
					a++;
				if (a == end)
					parse_error_at(p, t,
					    "f-string: empty expression not allowed");
			}
			fn = node_new(p, N_FORMATTED, t);
			fn->a = parse_sub_expr(p, s + start, end - start, fline, fcol);
			if (eq) {
				struct node *ln = node_new(p, N_STR, t);

				i++;
				ln->slen = i - start;
				ln->s = arena_alloc(p->arena, ln->slen + 1);
				memcpy(ln->s, s + start, ln->slen);
				while (i < n && s[i] == ' ') {
					ln->s[ln->slen++] = ' ';
					i++;
				}
				nlist_add(p, parts, ln);
				conv = 'r';
			}
			if (i < n && s[i] == '!') {
				if (i + 1 >= n || (s[i + 1] != 'r' && s[i + 1] != 's' &&
				    s[i + 1] != 'a'))
					parse_error_at(p, t,
					    "f-string: invalid conversion character: expected 's', 'r', or 'a'");
				conv = s[i + 1];
				i += 2;
			}
			if (i < n && s[i] == ':') {
				size_t sstart = ++i;
				int sn = 0;

				if (eq && conv == 'r')
					conv = 0;
				while (i < n) {
					if (s[i] == '{')
						sn++;
					else if (s[i] == '}') {
						if (sn == 0)
							break;
						sn--;
					}
					i++;
				}
				fn->b = node_new(p, N_FSTRING, t);
				parse_fstring_body(p, t, s + sstart, i - sstart, line,
				    col, &fn->b->l1, depth + 1);
			}
			if (i >= n || s[i] != '}')
				parse_error_at(p, t, "f-string: expecting '}'");
			i++;
			fn->op = conv;
			nlist_add(p, parts, fn);
		}
	}
	if (lit.len > 0) {
		struct node *ln = node_new(p, N_STR, t);
		size_t outlen;

		ln->s = lexer_unescape(&p->lx, lit.d, lit.len, t->flags & STR_RAW,
		    &outlen, t->line, t->col);
		ln->slen = outlen;
		nlist_add(p, parts, ln);
	}
}

/* Parse an expression held in a substring (f-string fields). */
static struct node *
parse_sub_expr(struct parser *p, const char *s, size_t n, int line, int col)
{
	struct parser	 sub;
	struct node	*e;
	char		*buf;

	/* Wrap in parentheses so newlines are allowed. */
	buf = arena_alloc(p->arena, n + 3);
	buf[0] = '(';
	memcpy(buf + 1, s, n);
	buf[n + 1] = ')';
	buf[n + 2] = '\0';
	memset(&sub, 0, sizeof sub);
	lexer_init(&sub.lx, p->arena, buf, n + 2, p->lx.err, p->lx.jb);
	sub.lx.line_off = line - 1;
	sub.lx.col_off = col - 1;
	sub.arena = p->arena;
	sub.depth = p->depth + 1;
	sub.in_func = p->in_func;
	parse_advance(&sub);
	e = parse_testlist_star(&sub, 0);
	if (sub.tok.kind != TK_NEWLINE && sub.tok.kind != TK_END)
		parse_error_at(&sub, &sub.tok, "f-string: invalid syntax");
	return e;
}

/* ---- expressions -------------------------------------------------------- */

/* One or more adjacent string literals. */
static struct node *
parse_strings(struct parser *p)
{
	struct token	 first = p->tok;
	struct node	*n;
	int		 isf = 0, isbytes = first.flags & STR_BYTES;
	struct nlist	 parts;

	memset(&parts, 0, sizeof parts);
	while (p->tok.kind == TK_STR) {
		struct token t = p->tok;

		if (((t.flags & STR_BYTES) != 0) != (isbytes != 0))
			parse_error_at(p, &t, "cannot mix bytes and nonbytes literals");
		if (t.flags & STR_F) {
			isf = 1;
			parse_fstring_body(p, &t, t.s, t.slen, t.body_line,
			    t.body_col, &parts, 0);
		} else {
			struct node *sn = node_new(p, N_STR, &t);

			sn->s = t.s;
			sn->slen = t.slen;
			nlist_add(p, &parts, sn);
		}
		parse_advance(p);
	}
	if (isf) {
		n = node_new(p, N_FSTRING, &first);
		n->l1 = parts;
		return n;
	}
	n = node_new(p, isbytes ? N_BYTES : N_STR, &first);
	if (parts.n == 1) {
		n->s = parts.v[0]->s;
		n->slen = parts.v[0]->slen;
	} else {
		size_t	 len = 0;
		int	 i;

		for (i = 0; i < parts.n; i++)
			len += parts.v[i]->slen;
		n->s = arena_alloc(p->arena, len + 1);
		len = 0;
		for (i = 0; i < parts.n; i++) {
			memcpy(n->s + len, parts.v[i]->s, parts.v[i]->slen);
			len += parts.v[i]->slen;
		}
		n->slen = len;
	}
	return n;
}

/* A for-target: star-expressions at the '|' level, comma separated. */
static struct node *
parse_exprlist(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*first, *t;

	first = is_op(p, "*") ? parse_star_expr(p) : parse_expr(p);
	if (!is_op(p, ","))
		return first;
	t = node_new(p, N_TUPLE, &at);
	nlist_add(p, &t->l1, first);
	while (accept_op(p, ",")) {
		if (is_kw(p, "in"))
			break;
		nlist_add(p, &t->l1, is_op(p, "*") ? parse_star_expr(p) :
		    parse_expr(p));
	}
	return t;
}

/* Does a comprehension clause start here ("for" or "async for")? */
static int
is_comp_for(struct parser *p)
{
	struct token *nt;

	if (is_kw(p, "for"))
		return 1;
	if (!is_kw(p, "async"))
		return 0;
	nt = parse_peek(p);
	return nt->kind == TK_NAME && strcmp(nt->s, "for") == 0;
}

/* The "[async] for ... in ... if ..." clauses of a comprehension. */
static void
parse_comp_for(struct parser *p, struct nlist *gens)
{
	while (is_comp_for(p)) {
		struct node *g = node_new(p, N_COMPFOR, &p->tok);

		if (is_kw(p, "async")) {
			g->op = 1;
			parse_advance(p);
		}
		parse_advance(p);
		g->a = parse_exprlist(p);
		parse_check_target(p, g->a, 0);
		if (!accept_kw(p, "in"))
			parse_error_at(p, &p->tok, "invalid syntax");
		g->b = parse_bool(p, 1);
		while (is_kw(p, "if")) {
			struct node *c;

			parse_advance(p);
			c = parse_bool(p, 1);
			nlist_add(p, &g->l1, c);
		}
		nlist_add(p, gens, g);
	}
}

/* Call arguments, after '('. */
static void
parse_call_args(struct parser *p, struct node *call)
{
	int seen_kw = 0;

	while (!is_op(p, ")")) {
		struct token at = p->tok;

		if (accept_op(p, "*")) {
			struct node *s = node_new(p, N_STARRED, &at);

			s->a = parse_test(p);
			nlist_add(p, &call->l1, s);
		} else if (accept_op(p, "**")) {
			struct node *s = node_new(p, N_DOUBLESTAR, &at);

			s->a = parse_test(p);
			nlist_add(p, &call->l2, s);
			seen_kw = 1;
		} else {
			struct node *e = parse_test(p);

			if (is_op(p, "=") && e->kind == N_NAME) {
				struct node *k = node_new(p, N_KEYWORD, &at);

				parse_advance(p);
				k->s = e->s;
				k->a = parse_test(p);
				nlist_add(p, &call->l2, k);
				seen_kw = 1;
			} else if (is_op(p, "=")) {
				parse_error_at(p, &at,
				    "expression cannot contain assignment, perhaps you meant \"==\"?");
			} else if (is_op(p, ":=") && e->kind == N_NAME) {
				struct node *w = node_new(p, N_NAMEDEXPR, &at);

				parse_advance(p);
				w->a = e;
				w->b = parse_test(p);
				nlist_add(p, &call->l1, w);
			} else if (is_comp_for(p)) {
				struct node *g = node_new(p, N_GENEXP, &at);

				g->a = e;
				parse_comp_for(p, &g->l1);
				if (call->l1.n > 0 || !is_op(p, ")"))
					parse_error_at(p, &at,
					    "Generator expression must be parenthesized");
				nlist_add(p, &call->l1, g);
			} else {
				if (seen_kw) {
					int j, dbl = 0;

					for (j = 0; j < call->l2.n; j++)
						if (call->l2.v[j]->kind == N_DOUBLESTAR)
							dbl = 1;
					parse_error_at(p, &at, dbl ?
					    "positional argument follows keyword argument unpacking" :
					    "positional argument follows keyword argument");
				}
				nlist_add(p, &call->l1, e);
			}
		}
		if (!accept_op(p, ","))
			break;
	}
	expect_op(p, ")");
}

/* A subscript: expression or slice. */
static struct node *
parse_subscript_item(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*s, *lo = NULL;

	if (!is_op(p, ":")) {
		lo = parse_test(p);
		if (!is_op(p, ":"))
			return lo;
	}
	s = node_new(p, N_SLICE, &at);
	s->a = lo;
	expect_op(p, ":");
	if (!is_op(p, "]") && !is_op(p, ":") && !is_op(p, ","))
		s->b = parse_test(p);
	if (accept_op(p, ":")) {
		if (!is_op(p, "]") && !is_op(p, ","))
			s->c = parse_test(p);
	}
	return s;
}

/* Parenthesised, list and dict/set displays. */
static struct node *
parse_atom(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*n;

	switch (p->tok.kind) {
	case TK_INT:
		n = node_new(p, N_INT, &at);
		n->i = p->tok.i;
		parse_advance(p);
		return n;
	case TK_FLOAT:
		n = node_new(p, N_FLOAT, &at);
		n->f = p->tok.f;
		parse_advance(p);
		return n;
	case TK_STR:
		return parse_strings(p);
	case TK_NAME:
		if (is_kw(p, "None") || is_kw(p, "True") || is_kw(p, "False")) {
			n = node_new(p, is_kw(p, "None") ? N_NONE :
			    is_kw(p, "True") ? N_TRUE : N_FALSE, &at);
			parse_advance(p);
			return n;
		}
		if (is_keyword(p->tok.s))
			parse_error_at(p, &at, "invalid syntax");
		n = node_new(p, N_NAME, &at);
		n->s = p->tok.s;
		parse_advance(p);
		return n;
	case TK_OP:
		break;
	default:
		if (p->tok.kind == TK_NEWLINE || p->tok.kind == TK_END)
			parse_error_at(p, &at, "invalid syntax");
		parse_unexpected(p);
	}
	if (accept_op(p, "...")) {
		return node_new(p, N_ELLIPSIS, &at);
	}
	if (accept_op(p, "(")) {
		struct node *e;

		if (accept_op(p, ")")) {
			n = node_new(p, N_TUPLE, &at);
			return n;
		}
		if (is_kw(p, "yield")) {
			struct token yt = p->tok;

			parse_advance(p);
			if (!p->in_func)
				parse_error_at(p, &yt, "'yield' outside function");
			if (accept_kw(p, "from")) {
				n = node_new(p, N_YIELDFROM, &yt);
				n->a = parse_test(p);
			} else {
				n = node_new(p, N_YIELD, &yt);
				if (!is_op(p, ")"))
					n->a = parse_testlist_star(p, 1);
			}
			expect_op(p, ")");
			return n;
		}
		e = is_op(p, "*") ? parse_star_expr(p) : parse_test(p);
		if (is_op(p, ":=") && e->kind == N_NAME) {
			struct node *w = node_new(p, N_NAMEDEXPR, &at);

			parse_advance(p);
			w->a = e;
			w->b = parse_test(p);
			e = w;
		}
		if (is_comp_for(p)) {
			n = node_new(p, N_GENEXP, &at);
			n->a = e;
			parse_comp_for(p, &n->l1);
			expect_op(p, ")");
			return n;
		}
		if (accept_op(p, ")")) {
			if (e->kind == N_STARRED)
				parse_error_at(p, &at,
				    "cannot use starred expression here");
			/* Parenthesised: remember, for "(a) = 1" style checks. */
			return e;
		}
		n = node_new(p, N_TUPLE, &at);
		nlist_add(p, &n->l1, e);
		while (accept_op(p, ",")) {
			if (is_op(p, ")"))
				break;
			nlist_add(p, &n->l1, is_op(p, "*") ? parse_star_expr(p) :
			    parse_test(p));
		}
		expect_op(p, ")");
		return n;
	}
	if (accept_op(p, "[")) {
		struct node *e;

		n = node_new(p, N_LIST, &at);
		if (accept_op(p, "]"))
			return n;
		e = is_op(p, "*") ? parse_star_expr(p) : parse_test(p);
		if (is_comp_for(p)) {
			n->kind = N_LISTCOMP;
			n->a = e;
			parse_comp_for(p, &n->l1);
			expect_op(p, "]");
			return n;
		}
		nlist_add(p, &n->l1, e);
		while (accept_op(p, ",")) {
			if (is_op(p, "]"))
				break;
			nlist_add(p, &n->l1, is_op(p, "*") ? parse_star_expr(p) :
			    parse_test(p));
		}
		expect_op(p, "]");
		return n;
	}
	if (accept_op(p, "{")) {
		struct node *k, *v;

		n = node_new(p, N_DICT, &at);
		if (accept_op(p, "}"))
			return n;
		if (accept_op(p, "**")) {
			k = NULL;
			v = parse_expr(p);
		} else {
			k = is_op(p, "*") ? parse_star_expr(p) : parse_test(p);
			if (!is_op(p, ":")) {
				/* A set. */
				n->kind = N_SET;
				if (is_comp_for(p)) {
					n->kind = N_SETCOMP;
					n->a = k;
					parse_comp_for(p, &n->l1);
					expect_op(p, "}");
					return n;
				}
				nlist_add(p, &n->l1, k);
				while (accept_op(p, ",")) {
					if (is_op(p, "}"))
						break;
					nlist_add(p, &n->l1, is_op(p, "*") ?
					    parse_star_expr(p) : parse_test(p));
				}
				expect_op(p, "}");
				return n;
			}
			parse_advance(p);
			v = parse_test(p);
			if (is_comp_for(p)) {
				n->kind = N_DICTCOMP;
				n->a = k;
				n->b = v;
				parse_comp_for(p, &n->l3);
				expect_op(p, "}");
				return n;
			}
		}
		nlist_add(p, &n->l1, k);
		nlist_add(p, &n->l2, v);
		while (accept_op(p, ",")) {
			if (is_op(p, "}"))
				break;
			if (accept_op(p, "**")) {
				k = NULL;
				v = parse_expr(p);
			} else {
				k = parse_test(p);
				expect_op(p, ":");
				v = parse_test(p);
			}
			nlist_add(p, &n->l1, k);
			nlist_add(p, &n->l2, v);
		}
		expect_op(p, "}");
		return n;
	}
	parse_unexpected(p);
}

/* atom followed by calls, subscripts and attributes. */
static struct node *
parse_atom_trailers(struct parser *p)
{
	struct node *n = parse_atom(p);

	for (;;) {
		struct token at = p->tok;

		if (accept_op(p, "(")) {
			struct node *c = node_new(p, N_CALL, &at);

			c->line = n->line;
			c->col = n->col;
			c->a = n;
			parse_enter(p);
			parse_call_args(p, c);
			p->depth--;
			n = c;
		} else if (accept_op(p, "[")) {
			struct node *s = node_new(p, N_SUBSCRIPT, &at), *i;

			s->line = n->line;
			s->col = n->col;
			s->a = n;
			parse_enter(p);
			i = parse_subscript_item(p);
			if (is_op(p, ",")) {
				struct node *t = node_new(p, N_TUPLE, &at);

				nlist_add(p, &t->l1, i);
				while (accept_op(p, ",")) {
					if (is_op(p, "]"))
						break;
					nlist_add(p, &t->l1, parse_subscript_item(p));
				}
				i = t;
			}
			p->depth--;
			expect_op(p, "]");
			s->b = i;
			n = s;
		} else if (accept_op(p, ".")) {
			struct node *a = node_new(p, N_ATTR, &at);

			a->line = n->line;
			a->col = n->col;
			a->a = n;
			if (p->tok.kind != TK_NAME)
				parse_error_at(p, &p->tok, "invalid syntax");
			a->s = p->tok.s;
			parse_advance(p);
			n = a;
		} else
			return n;
	}
}

static struct node *parse_factor(struct parser *);

/* power: ['await'] atom_trailers ['**' factor] */
static struct node *
parse_power(struct parser *p)
{
	struct node *n;

	if (is_kw(p, "await")) {
		n = node_new(p, N_AWAIT, &p->tok);
		parse_advance(p);
		parse_enter(p);
		n->a = parse_atom_trailers(p);
		p->depth--;
	} else
		n = parse_atom_trailers(p);

	if (is_op(p, "**")) {
		struct node *b = node_new(p, N_BINOP, &p->tok);

		parse_advance(p);
		parse_enter(p);
		b->line = n->line;
		b->col = n->col;
		b->op = OP_POW;
		b->a = n;
		b->b = parse_factor(p);
		p->depth--;
		return b;
	}
	return n;
}

/* factor: ('+'|'-'|'~') factor | power */
static struct node *
parse_factor(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*n;
	int		 op = 0;

	if (is_op(p, "-"))
		op = OP_NEG;
	else if (is_op(p, "+"))
		op = OP_POS;
	else if (is_op(p, "~"))
		op = OP_INVERT;
	if (!op)
		return parse_power(p);
	parse_advance(p);
	parse_enter(p);
	n = node_new(p, N_UNARY, &at);
	n->op = op;
	n->a = parse_factor(p);
	p->depth--;
	/* Fold -literal so that -9223372036854775808 style constants work. */
	if (op == OP_NEG && n->a->kind == N_FLOAT) {
		n->a->f = -n->a->f;
		n->a->line = at.line;
		n->a->col = at.col;
		return n->a;
	}
	if (op == OP_NEG && n->a->kind == N_INT && n->a->i != INT64_MIN) {
		n->a->i = -n->a->i;
		n->a->line = at.line;
		n->a->col = at.col;
		return n->a;
	}
	return n;
}

struct binlevel {
	const char	*ops[5];
	int		 codes[5];
};

static const struct binlevel parse_levels[] = {
	{ { "|" }, { OP_OR } },
	{ { "^" }, { OP_XOR } },
	{ { "&" }, { OP_AND } },
	{ { "<<", ">>" }, { OP_LSHIFT, OP_RSHIFT } },
	{ { "+", "-" }, { OP_ADD, OP_SUB } },
	{ { "*", "/", "//", "%", "@" },
	  { OP_MUL, OP_DIV, OP_FLOORDIV, OP_MOD, OP_MATMUL } },
};

/* Binary operator levels, from '|' down to '*'. */
static struct node *
parse_binary(struct parser *p, int level)
{
	struct node *n;

	if (level >= (int)(sizeof parse_levels / sizeof parse_levels[0]))
		return parse_factor(p);
	n = parse_binary(p, level + 1);
	for (;;) {
		int i, op = 0;

		for (i = 0; i < 5 && parse_levels[level].ops[i] != NULL; i++)
			if (is_op(p, parse_levels[level].ops[i]))
				op = parse_levels[level].codes[i];
		if (!op)
			return n;
		{
			struct node *b = node_new(p, N_BINOP, &p->tok);

			parse_advance(p);
			b->line = n->line;
			b->col = n->col;
			b->op = op;
			b->a = n;
			b->b = parse_binary(p, level + 1);
			n = b;
		}
	}
}

/* expr: the bitwise-or level. */
static struct node *
parse_expr(struct parser *p)
{
	struct node *n;

	parse_enter(p);
	n = parse_binary(p, 0);
	p->depth--;
	return n;
}

/* comparison: expr (compop expr)* */
static struct node *
parse_comparison(struct parser *p)
{
	struct node	*n = parse_expr(p), *c = NULL;

	for (;;) {
		int op = 0;

		if (is_op(p, "<"))
			op = OP_LT;
		else if (is_op(p, "<="))
			op = OP_LE;
		else if (is_op(p, "=="))
			op = OP_EQ;
		else if (is_op(p, "!="))
			op = OP_NE;
		else if (is_op(p, ">"))
			op = OP_GT;
		else if (is_op(p, ">="))
			op = OP_GE;
		else if (is_kw(p, "in"))
			op = OP_IN;
		else if (is_kw(p, "is")) {
			parse_advance(p);
			op = accept_kw(p, "not") ? OP_ISNOT : OP_IS;
			goto have;
		} else if (is_kw(p, "not")) {
			struct token *nt = parse_peek(p);

			if (nt->kind == TK_NAME && strcmp(nt->s, "in") == 0) {
				parse_advance(p);
				op = OP_NOTIN;
			} else
				break;
		} else if (p->tok.kind == TK_OP && strcmp(p->tok.op, "<>") == 0)
			parse_unexpected(p);
		if (!op)
			break;
		parse_advance(p);
have:
		if (c == NULL) {
			c = node_new(p, N_COMPARE, &p->tok);
			c->line = n->line;
			c->col = n->col;
			c->a = n;
		}
		{
			struct node *on = node_new(p, N_INT, &p->tok);

			on->i = op;
			nlist_add(p, &c->l2, on);
		}
		nlist_add(p, &c->l1, parse_expr(p));
	}
	return c ? c : n;
}

/* not_test: 'not' not_test | comparison */
static struct node *
parse_not(struct parser *p)
{
	struct token at = p->tok;

	if (accept_kw(p, "not")) {
		struct node *n = node_new(p, N_UNARY, &at);

		parse_enter(p);
		n->op = OP_NOT;
		n->a = parse_not(p);
		p->depth--;
		return n;
	}
	return parse_comparison(p);
}

/* and_test / or_test */
static struct node *
parse_bool(struct parser *p, int is_or)
{
	struct node	*n = is_or ? parse_bool(p, 0) : parse_not(p), *b = NULL;

	while (is_kw(p, is_or ? "or" : "and")) {
		parse_advance(p);
		if (b == NULL) {
			b = node_new(p, N_BOOLOP, &p->tok);
			b->line = n->line;
			b->col = n->col;
			b->op = is_or ? OP_LOR : OP_LAND;
			nlist_add(p, &b->l1, n);
		}
		nlist_add(p, &b->l1, is_or ? parse_bool(p, 0) : parse_not(p));
	}
	return b ? b : n;
}

/* Parameters of def (closer ")") or lambda (closer ":"). */
static void
parse_params(struct parser *p, struct nlist *out, const char *closer)
{
	int		 kind = ARG_POS, seen_default = 0;

	while (!is_op(p, closer)) {
		struct token	 at = p->tok;
		struct node	*a;

		if (accept_op(p, "**")) {
			a = node_new(p, N_ARG, &at);
			a->s = expect_name(p);
			a->op = ARG_KW;
			if (strcmp(closer, ")") == 0 && accept_op(p, ":"))
				a->b = parse_test(p);
			nlist_add(p, out, a);
			accept_op(p, ",");
			if (!is_op(p, closer))
				parse_error_at(p, &p->tok,
				    "arguments cannot follow var-keyword argument");
			break;
		}
		if (accept_op(p, "*")) {
			if (kind != ARG_POS)
				parse_error_at(p, &at, "* argument may appear only once");
			kind = ARG_KWONLY;
			if (is_op(p, ",")) {
				parse_advance(p);
				if (is_op(p, closer) || is_op(p, "**"))
					parse_error_at(p, &at,
					    "named arguments must follow bare *");
				continue;
			}
			a = node_new(p, N_ARG, &at);
			a->s = expect_name(p);
			a->op = ARG_VAR;
			if (strcmp(closer, ")") == 0 && accept_op(p, ":"))
				a->b = parse_test(p);
			nlist_add(p, out, a);
			if (!accept_op(p, ","))
				break;
			continue;
		}
		if (accept_op(p, "/")) {
			/* Positional-only marker: accepted, treated as positional. */
			if (!accept_op(p, ","))
				break;
			continue;
		}
		a = node_new(p, N_ARG, &at);
		a->s = expect_name(p);
		a->op = kind;
		if (strcmp(closer, ")") == 0 && accept_op(p, ":"))
			a->b = parse_test(p);
		if (accept_op(p, "=")) {
			a->a = parse_test(p);
			if (kind == ARG_POS)
				seen_default = 1;
		} else if (kind == ARG_POS && seen_default)
			parse_error_at(p, &at,
			    "non-default argument follows default argument");
		{
			int j;

			for (j = 0; j < out->n; j++)
				if (strcmp(out->v[j]->s, a->s) == 0)
					parse_error_at(p, &at,
					    "duplicate argument '%s' in function definition",
					    a->s);
		}
		nlist_add(p, out, a);
		if (!accept_op(p, ","))
			break;
	}
}

/* test: lambda | or_test ['if' or_test 'else' test] */
static struct node *
parse_test(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*n;

	parse_enter(p);
	if (accept_kw(p, "lambda")) {
		int saved = p->in_func;

		n = node_new(p, N_LAMBDA, &at);
		parse_params(p, &n->l1, ":");
		expect_op(p, ":");
		p->in_func = 1;
		n->a = parse_test(p);
		p->in_func = saved;
		p->depth--;
		return n;
	}
	n = parse_bool(p, 1);
	if (is_kw(p, "if")) {
		struct node *c = node_new(p, N_IFEXP, &p->tok);

		parse_advance(p);
		c->line = n->line;
		c->col = n->col;
		c->b = n;
		c->a = parse_bool(p, 1);
		if (!accept_kw(p, "else"))
			parse_error_at(p, &p->tok, "expected 'else' after 'if' expression");
		c->c = parse_test(p);
		n = c;
	}
	p->depth--;
	return n;
}

/* '*' expr */
static struct node *
parse_star_expr(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*n;

	expect_op(p, "*");
	n = node_new(p, N_STARRED, &at);
	n->a = parse_expr(p);
	return n;
}

/* A comma list of tests (or star expressions); a tuple if it has a comma. */
static struct node *
parse_testlist_star(struct parser *p, int allow_star)
{
	struct token	 at = p->tok;
	struct node	*first, *t;

	first = (allow_star && is_op(p, "*")) ? parse_star_expr(p) : parse_test(p);
	if (!is_op(p, ","))
		return first;
	t = node_new(p, N_TUPLE, &at);
	nlist_add(p, &t->l1, first);
	while (accept_op(p, ",")) {
		if (p->tok.kind == TK_NEWLINE || is_op(p, "=") || is_op(p, ")") ||
		    is_op(p, ":") || is_op(p, ";") || p->tok.kind == TK_END ||
		    is_kw(p, "in") || is_op(p, "]") || is_op(p, "}"))
			break;
		if (p->tok.kind == TK_OP && strchr("+-*/%&|^<>", p->tok.op[0]) &&
		    p->tok.op[1] == '=')
			break;
		nlist_add(p, &t->l1, (allow_star && is_op(p, "*")) ?
		    parse_star_expr(p) : parse_test(p));
	}
	return t;
}

/* ---- statements --------------------------------------------------------- */

/* Check that an expression can be assigned to. */
static void
parse_check_target(struct parser *p, struct node *n, int del)
{
	struct token t;
	const char *what = NULL;
	int i;

	switch (n->kind) {
	case N_NAME:
		if (strcmp(n->s, "__debug__") == 0)
			what = "__debug__";
		break;
	case N_ATTR: case N_SUBSCRIPT:
		return;
	case N_STARRED:
		if (del)
			what = "starred";
		else
			parse_check_target(p, n->a, del);
		break;
	case N_TUPLE: case N_LIST:
		for (i = 0; i < n->l1.n; i++)
			parse_check_target(p, n->l1.v[i], del);
		return;
	case N_CALL: what = "function call"; break;
	case N_INT: case N_FLOAT: case N_STR: case N_BYTES: case N_NONE:
	case N_TRUE: case N_FALSE: case N_ELLIPSIS:
		what = n->kind == N_NONE ? "None" : n->kind == N_TRUE ? "True" :
		    n->kind == N_FALSE ? "False" : n->kind == N_ELLIPSIS ?
		    "ellipsis" : "literal";
		break;
	case N_BINOP: case N_UNARY: what = "expression"; break;
	case N_BOOLOP: what = "expression"; break;
	case N_COMPARE: what = "comparison"; break;
	case N_LAMBDA: what = "lambda"; break;
	case N_IFEXP: what = "conditional expression"; break;
	case N_FSTRING: what = "f-string expression"; break;
	case N_LISTCOMP: what = "list comprehension"; break;
	case N_DICTCOMP: what = "dict comprehension"; break;
	case N_SETCOMP: what = "set comprehension"; break;
	case N_GENEXP: what = "generator expression"; break;
	case N_DICT: what = "dict literal"; break;
	case N_SET: what = "set display"; break;
	case N_YIELD: case N_YIELDFROM: what = "yield expression"; break;
	case N_NAMEDEXPR: what = "named expression"; break;
	default: what = "expression"; break;
	}
	if (what == NULL)
		return;
	memset(&t, 0, sizeof t);
	t.line = n->line;
	t.col = n->col;
	if (n->kind == N_NAME)
		parse_error_at(p, &t, "cannot assign to __debug__");
	if (n->kind == N_NONE || n->kind == N_TRUE || n->kind == N_FALSE)
		parse_error_at(p, &t, "cannot %s %s", del ? "delete" : "assign to",
		    what);
	parse_error_at(p, &t, "cannot %s %s here. Maybe you meant '==' instead of '='?",
	    del ? "delete" : "assign to", what);
}

/* Require the end of a simple statement. */
static void
parse_end_simple(struct parser *p)
{
	if (p->tok.kind == TK_NEWLINE || is_op(p, ";") || p->tok.kind == TK_END)
		return;
	parse_error_at(p, &p->tok, "invalid syntax");
}

/* Dotted module name. */
static char *
parse_dotted(struct parser *p)
{
	char	*s = expect_name(p);

	while (is_op(p, ".")) {
		char *n, *r;

		parse_advance(p);
		n = expect_name(p);
		r = arena_alloc(p->arena, strlen(s) + strlen(n) + 2);
		sprintf(r, "%s.%s", s, n);
		s = r;
	}
	return s;
}

/* One simple statement (no trailing NEWLINE handling). */
static struct node *
parse_simple(struct parser *p)
{
	struct token	 at = p->tok;
	struct node	*n, *e;

	if (p->tok.kind == TK_NAME) {
		if (accept_kw(p, "pass"))
			return node_new(p, N_PASS, &at);
		if (accept_kw(p, "break")) {
			if (!p->in_loop)
				parse_error_at(p, &at, "'break' outside loop");
			return node_new(p, N_BREAK, &at);
		}
		if (accept_kw(p, "continue")) {
			if (!p->in_loop)
				parse_error_at(p, &at, "'continue' not properly in loop");
			return node_new(p, N_CONTINUE, &at);
		}
		if (accept_kw(p, "return")) {
			if (!p->in_func)
				parse_error_at(p, &at, "'return' outside function");
			n = node_new(p, N_RETURN, &at);
			if (p->tok.kind != TK_NEWLINE && !is_op(p, ";") &&
			    p->tok.kind != TK_END)
				n->a = parse_testlist_star(p, 1);
			return n;
		}
		if (accept_kw(p, "global") || accept_kw(p, "nonlocal")) {
			n = node_new(p, strcmp(at.s, "global") == 0 ? N_GLOBAL :
			    N_NONLOCAL, &at);
			if (n->kind == N_NONLOCAL && !p->in_func)
				parse_error_at(p, &at,
				    "nonlocal declaration not allowed at module level");
			do {
				struct node *nm = node_new(p, N_NAME, &p->tok);

				nm->s = expect_name(p);
				nlist_add(p, &n->l1, nm);
			} while (accept_op(p, ","));
			return n;
		}
		if (accept_kw(p, "del")) {
			n = node_new(p, N_DEL, &at);
			e = parse_testlist_star(p, 0);
			if (e->kind == N_TUPLE && e->line == at.line &&
			    e->col != at.col) {
				int i;

				for (i = 0; i < e->l1.n; i++) {
					parse_check_target(p, e->l1.v[i], 1);
					nlist_add(p, &n->l1, e->l1.v[i]);
				}
			} else {
				parse_check_target(p, e, 1);
				nlist_add(p, &n->l1, e);
			}
			return n;
		}
		if (accept_kw(p, "raise")) {
			n = node_new(p, N_RAISE, &at);
			if (p->tok.kind != TK_NEWLINE && !is_op(p, ";") &&
			    p->tok.kind != TK_END) {
				n->a = parse_test(p);
				if (accept_kw(p, "from"))
					n->b = parse_test(p);
			}
			return n;
		}
		if (accept_kw(p, "assert")) {
			n = node_new(p, N_ASSERT, &at);
			n->a = parse_test(p);
			if (accept_op(p, ","))
				n->b = parse_test(p);
			return n;
		}
		if (accept_kw(p, "import")) {
			n = node_new(p, N_IMPORT, &at);
			do {
				struct node *al = node_new(p, N_ALIAS, &p->tok);

				al->s = parse_dotted(p);
				if (accept_kw(p, "as"))
					al->a = (struct node *)expect_name(p);
				nlist_add(p, &n->l1, al);
			} while (accept_op(p, ","));
			return n;
		}
		if (accept_kw(p, "from")) {
			int paren;

			n = node_new(p, N_IMPORTFROM, &at);
			if (is_op(p, "."))
				parse_error_at(p, &p->tok,
				    "relative imports are not supported");
			n->s = parse_dotted(p);
			if (!accept_kw(p, "import"))
				parse_error_at(p, &p->tok, "invalid syntax");
			if (accept_op(p, "*")) {
				struct node *al = node_new(p, N_ALIAS, &at);

				al->s = "*";
				nlist_add(p, &n->l1, al);
				return n;
			}
			paren = accept_op(p, "(");
			do {
				struct node *al;

				if (paren && is_op(p, ")"))
					break;
				al = node_new(p, N_ALIAS, &p->tok);
				al->s = expect_name(p);
				if (accept_kw(p, "as"))
					al->a = (struct node *)expect_name(p);
				nlist_add(p, &n->l1, al);
			} while (accept_op(p, ","));
			if (paren)
				expect_op(p, ")");
			return n;
		}
	}
	/* Expression statement or assignment. */
	if (is_kw(p, "yield")) {
		struct token yt = p->tok;

		parse_advance(p);
		if (!p->in_func)
			parse_error_at(p, &yt, "'yield' outside function");
		if (accept_kw(p, "from")) {
			e = node_new(p, N_YIELDFROM, &yt);
			e->a = parse_test(p);
		} else {
			e = node_new(p, N_YIELD, &yt);
			if (p->tok.kind != TK_NEWLINE && !is_op(p, ";") &&
			    p->tok.kind != TK_END)
				e->a = parse_testlist_star(p, 1);
		}
	} else
		e = parse_testlist_star(p, 1);
	if (is_op(p, ":=") && e->kind == N_NAME)
		parse_error_at(p, &p->tok, "invalid syntax");
	if (is_op(p, "=")) {
		n = node_new(p, N_ASSIGN, &at);
		while (accept_op(p, "=")) {
			parse_check_target(p, e, 0);
			nlist_add(p, &n->l1, e);
			if (is_kw(p, "yield")) {
				struct token yt = p->tok;

				parse_advance(p);
				if (!p->in_func)
					parse_error_at(p, &yt, "'yield' outside function");
				if (accept_kw(p, "from")) {
					e = node_new(p, N_YIELDFROM, &yt);
					e->a = parse_test(p);
				} else {
					e = node_new(p, N_YIELD, &yt);
					if (p->tok.kind != TK_NEWLINE)
						e->a = parse_testlist_star(p, 1);
				}
			} else
				e = parse_testlist_star(p, 1);
		}
		n->a = e;
		return n;
	}
	if (p->tok.kind == TK_OP && p->tok.op[strlen(p->tok.op) - 1] == '=' &&
	    strcmp(p->tok.op, "==") != 0 && strcmp(p->tok.op, "<=") != 0 &&
	    strcmp(p->tok.op, ">=") != 0 && strcmp(p->tok.op, "!=") != 0 &&
	    strcmp(p->tok.op, ":=") != 0) {
		static const struct { const char *s; int op; } aug[] = {
			{ "+=", OP_ADD }, { "-=", OP_SUB }, { "*=", OP_MUL },
			{ "/=", OP_DIV }, { "//=", OP_FLOORDIV }, { "%=", OP_MOD },
			{ "**=", OP_POW }, { "<<=", OP_LSHIFT }, { ">>=", OP_RSHIFT },
			{ "&=", OP_AND }, { "|=", OP_OR }, { "^=", OP_XOR },
			{ "@=", OP_MATMUL }
		};
		size_t i;

		n = node_new(p, N_AUGASSIGN, &at);
		for (i = 0; i < sizeof aug / sizeof aug[0]; i++)
			if (strcmp(p->tok.op, aug[i].s) == 0)
				n->op = aug[i].op;
		if (e->kind != N_NAME && e->kind != N_ATTR &&
		    e->kind != N_SUBSCRIPT) {
			struct token t2;

			memset(&t2, 0, sizeof t2);
			t2.line = e->line;
			t2.col = e->col;
			parse_error_at(p, &t2,
			    "'%s' is an illegal expression for augmented assignment",
			    e->kind == N_TUPLE ? "tuple" : e->kind == N_LIST ?
			    "list" : e->kind == N_CALL ? "function call" :
			    "expression");
		}
		parse_advance(p);
		n->a = e;
		n->b = is_kw(p, "yield") ? (parse_advance(p),
		    node_new(p, N_YIELD, &at)) : parse_testlist_star(p, 1);
		if (n->b->kind == N_YIELD && n->b->a == NULL &&
		    p->tok.kind != TK_NEWLINE)
			n->b->a = parse_testlist_star(p, 1);
		return n;
	}
	if (is_op(p, ":")) {
		/* Annotated assignment. */
		n = node_new(p, N_ANNASSIGN, &at);
		parse_advance(p);
		parse_check_target(p, e, 0);
		n->a = e;
		n->c = parse_test(p);
		if (accept_op(p, "="))
			n->b = parse_testlist_star(p, 1);
		return n;
	}
	n = node_new(p, N_EXPR, &at);
	n->a = e;
	return n;
}

/* simple_stmt (';' simple_stmt)* NEWLINE, appended to out. */
static struct node *
parse_stmt_list(struct parser *p, struct nlist *out)
{
	struct node *n;

	for (;;) {
		n = parse_simple(p);
		nlist_add(p, out, n);
		parse_end_simple(p);
		if (!accept_op(p, ";"))
			break;
		if (p->tok.kind == TK_NEWLINE || p->tok.kind == TK_END)
			break;
	}
	if (p->tok.kind != TK_END && p->tok.kind != TK_NEWLINE)
		parse_error_at(p, &p->tok, "invalid syntax");
	if (p->tok.kind == TK_NEWLINE)
		parse_advance(p);
	return n;
}

static void parse_statement(struct parser *, struct nlist *);

/* def NAME(params) [-> test]: block */
static struct node *
parse_def(struct parser *p, struct token *at)
{
	struct node	*n = node_new(p, N_DEF, at);
	int		 saved_f = p->in_func, saved_l = p->in_loop;

	n->s = expect_name(p);
	expect_op(p, "(");
	parse_params(p, &n->l1, ")");
	expect_op(p, ")");
	if (accept_op(p, "->"))
		n->c = parse_test(p);
	expect_op(p, ":");
	p->in_func = 1;
	p->in_loop = 0;
	parse_block(p, &n->l2);
	p->in_func = saved_f;
	p->in_loop = saved_l;
	return n;
}

/* class NAME[(bases)]: block */
static struct node *
parse_class(struct parser *p, struct token *at)
{
	struct node	*n = node_new(p, N_CLASS, at);
	int		 saved_f = p->in_func, saved_l = p->in_loop;

	n->s = expect_name(p);
	if (accept_op(p, "(")) {
		struct node c;

		memset(&c, 0, sizeof c);
		parse_call_args(p, &c);
		n->l1 = c.l1;
		n->l3 = c.l2;
	}
	expect_op(p, ":");
	p->in_func = 0;
	p->in_loop = 0;
	parse_block(p, &n->l2);
	p->in_func = saved_f;
	p->in_loop = saved_l;
	return n;
}

/* An indented block or a simple statement list on the same line. */
static void
parse_block(struct parser *p, struct nlist *out)
{
	parse_enter(p);
	if (p->tok.kind != TK_NEWLINE) {
		parse_stmt_list(p, out);
		p->depth--;
		return;
	}
	parse_advance(p);
	if (p->tok.kind != TK_INDENT)
		parse_error_at(p, &p->tok, "expected an indented block");
	parse_advance(p);
	while (p->tok.kind != TK_DEDENT && p->tok.kind != TK_END)
		parse_statement(p, out);
	if (p->tok.kind == TK_DEDENT)
		parse_advance(p);
	p->depth--;
}

/* One statement (compound or simple list), appended to out. */
static void
parse_statement(struct parser *p, struct nlist *out)
{
	struct token	 at = p->tok;
	struct node	*n;

	if (p->tok.kind == TK_INDENT)
		parse_error_at(p, &p->tok, "unexpected indent");
	if (p->tok.kind == TK_NEWLINE) {
		parse_advance(p);
		return;
	}
	if (p->tok.kind != TK_NAME && !is_op(p, "@")) {
		parse_stmt_list(p, out);
		return;
	}
	if (is_op(p, "@")) {
		struct nlist decos;

		memset(&decos, 0, sizeof decos);
		while (accept_op(p, "@")) {
			nlist_add(p, &decos, parse_test(p));
			if (p->tok.kind != TK_NEWLINE)
				parse_error_at(p, &p->tok, "invalid syntax");
			parse_advance(p);
		}
		at = p->tok;
		if (accept_kw(p, "def"))
			n = parse_def(p, &at);
		else if (accept_kw(p, "class"))
			n = parse_class(p, &at);
		else if (is_kw(p, "async") &&
		    parse_peek(p)->kind == TK_NAME &&
		    strcmp(parse_peek(p)->s, "def") == 0) {
			parse_advance(p);
			parse_advance(p);
			n = parse_def(p, &at);
			n->op = 1;
		} else
			parse_error_at(p, &p->tok, "invalid syntax");
		n->l3 = n->kind == N_DEF ? decos : n->l3;
		if (n->kind == N_CLASS)
			n->d = (struct node *)arena_alloc(p->arena, sizeof(struct node)),
			n->d->l1 = decos;
		nlist_add(p, out, n);
		return;
	}
	if (accept_kw(p, "def")) {
		nlist_add(p, out, parse_def(p, &at));
		return;
	}
	if (accept_kw(p, "class")) {
		nlist_add(p, out, parse_class(p, &at));
		return;
	}
	if (accept_kw(p, "if")) {
		struct node *top = node_new(p, N_IF, &at), *cur = top;

		cur->a = parse_test(p);
		expect_op(p, ":");
		parse_block(p, &cur->l1);
		for (;;) {
			struct token et = p->tok;

			if (accept_kw(p, "elif")) {
				struct node *e = node_new(p, N_IF, &et);

				e->a = parse_test(p);
				expect_op(p, ":");
				parse_block(p, &e->l1);
				nlist_add(p, &cur->l2, e);
				cur = e;
				continue;
			}
			if (accept_kw(p, "else")) {
				expect_op(p, ":");
				parse_block(p, &cur->l2);
			}
			break;
		}
		nlist_add(p, out, top);
		return;
	}
	if (accept_kw(p, "while")) {
		int saved = p->in_loop;

		n = node_new(p, N_WHILE, &at);
		n->a = parse_test(p);
		expect_op(p, ":");
		p->in_loop = 1;
		parse_block(p, &n->l1);
		p->in_loop = saved;
		if (accept_kw(p, "else")) {
			expect_op(p, ":");
			parse_block(p, &n->l2);
		}
		nlist_add(p, out, n);
		return;
	}
	if (accept_kw(p, "for")) {
		int saved = p->in_loop;

		n = node_new(p, N_FOR, &at);
		n->a = parse_exprlist(p);
		parse_check_target(p, n->a, 0);
		if (!accept_kw(p, "in"))
			parse_error_at(p, &p->tok, "invalid syntax");
		n->b = parse_testlist_star(p, 1);
		expect_op(p, ":");
		p->in_loop = 1;
		parse_block(p, &n->l1);
		p->in_loop = saved;
		if (accept_kw(p, "else")) {
			expect_op(p, ":");
			parse_block(p, &n->l2);
		}
		nlist_add(p, out, n);
		return;
	}
	if (accept_kw(p, "try")) {
		n = node_new(p, N_TRY, &at);
		expect_op(p, ":");
		parse_block(p, &n->l1);
		while (is_kw(p, "except")) {
			struct node *h = node_new(p, N_HANDLER, &p->tok);

			parse_advance(p);
			if (is_op(p, "*"))
				parse_error_at(p, &p->tok,
				    "except* is not supported");
			if (!is_op(p, ":")) {
				h->a = parse_test(p);
				if (is_op(p, ",")) {
					struct node *t = node_new(p, N_TUPLE, &p->tok);

					parse_error_at(p, &p->tok,
					    "multiple exception types must be parenthesized");
					(void)t;
				}
				if (accept_kw(p, "as"))
					h->s = expect_name(p);
			}
			if (n->l2.n > 0 && n->l2.v[n->l2.n - 1]->a == NULL) {
				struct token t2;

				memset(&t2, 0, sizeof t2);
				t2.line = n->l2.v[n->l2.n - 1]->line;
				t2.col = n->l2.v[n->l2.n - 1]->col;
				parse_error_at(p, &t2, "default 'except:' must be last");
			}
			expect_op(p, ":");
			parse_block(p, &h->l1);
			nlist_add(p, &n->l2, h);
		}
		if (accept_kw(p, "else")) {
			if (n->l2.n == 0)
				parse_error_at(p, &p->tok, "invalid syntax");
			expect_op(p, ":");
			parse_block(p, &n->l3);
		}
		if (accept_kw(p, "finally")) {
			expect_op(p, ":");
			n->a = node_new(p, N_PASS, &p->tok);
			parse_block(p, &n->a->l1);
		}
		if (n->l2.n == 0 && n->a == NULL)
			parse_error_at(p, &p->tok, "expected 'except' or 'finally' block");
		nlist_add(p, out, n);
		return;
	}
	if (accept_kw(p, "with")) {
		int paren = 0;

		n = node_new(p, N_WITH, &at);
		if (is_op(p, "(")) {
			/* Could be a parenthesised item list or an expression. */
			paren = 0;
		}
		do {
			struct node *it = node_new(p, N_WITHITEM, &p->tok);

			it->a = parse_test(p);
			if (accept_kw(p, "as")) {
				it->b = parse_atom_trailers(p);
				parse_check_target(p, it->b, 0);
			}
			nlist_add(p, &n->l1, it);
		} while (accept_op(p, ","));
		(void)paren;
		expect_op(p, ":");
		parse_block(p, &n->l2);
		nlist_add(p, out, n);
		return;
	}
	if (is_kw(p, "async")) {
		struct token *nt = parse_peek(p);

		/* async def / for / with: the statement with op = 1. */
		if (nt->kind != TK_NAME || (strcmp(nt->s, "def") != 0 &&
		    strcmp(nt->s, "for") != 0 && strcmp(nt->s, "with") != 0)) {
			parse_advance(p);
			parse_error_at(p, &p->tok, "invalid syntax");
		}
		parse_advance(p);
		parse_statement(p, out);
		out->v[out->n - 1]->op = 1;
		out->v[out->n - 1]->line = at.line;
		out->v[out->n - 1]->col = at.col;
		return;
	}
	if (is_kw(p, "match")) {
		struct token *nt = parse_peek(p);

		if (nt->kind == TK_NAME || nt->kind == TK_INT ||
		    nt->kind == TK_STR || (nt->kind == TK_OP &&
		    (strcmp(nt->op, "(") == 0 || strcmp(nt->op, "[") == 0 ||
		    strcmp(nt->op, "{") == 0 || strcmp(nt->op, "-") == 0))) {
			/* Could still be a call "match(x)"; look further. */
			if (nt->kind == TK_NAME || nt->kind == TK_INT ||
			    nt->kind == TK_STR) {
				const char *q = p->lx.src + p->lx.pos;
				const char *e = p->lx.src + p->lx.len;

				while (q < e && *q != '\n')
					q++;
				while (q > p->lx.src + p->lx.pos &&
				    (q[-1] == ' ' || q[-1] == '\r' || q[-1] == '\t'))
					q--;
				if (q > p->lx.src && q[-1] == ':')
					parse_error_at(p, &at,
					    "'match' statements are not supported by concviz");
			}
		}
	}
	if (is_kw(p, "else") || is_kw(p, "elif") || is_kw(p, "except") ||
	    is_kw(p, "finally"))
		parse_error_at(p, &p->tok, "invalid syntax");
	parse_stmt_list(p, out);
}

/* Parse a whole module. */
struct node *
parse_module(struct arena *a, const char *src, size_t len,
    struct lang_error *err)
{
	struct parser	*p;
	struct node	*m;
	jmp_buf		 jb;
	struct token	 start;

	p = arena_alloc(a, sizeof *p);
	p->arena = a;
	memset(err, 0, sizeof *err);
	lexer_init(&p->lx, a, src, len, err, &jb);
	if (setjmp(jb) != 0)
		return NULL;
	memset(&start, 0, sizeof start);
	start.line = 1;
	m = node_new(p, N_MODULE, &start);
	parse_advance(p);
	while (p->tok.kind != TK_END) {
		if (p->tok.kind == TK_DEDENT) {
			parse_advance(p);
			continue;
		}
		parse_statement(p, &m->l1);
	}
	return m;
}
