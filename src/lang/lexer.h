/*
 * lexer.h — tokens of the Python subset: names, numbers, strings (all
 * prefixes, triple quotes, f-strings kept raw for the parser to split),
 * operators, NEWLINE/INDENT/DEDENT.
 */
#ifndef CONCVIZ_LANG_LEXER_H
#define CONCVIZ_LANG_LEXER_H

#include <setjmp.h>
#include <stddef.h>

#include "lang/ast.h"

enum tok_kind {
	TK_END = 0, TK_NAME, TK_INT, TK_FLOAT, TK_STR, TK_OP, TK_NEWLINE,
	TK_INDENT, TK_DEDENT
};

/* String token flags. */
#define STR_BYTES	0x1
#define STR_RAW		0x2
#define STR_F		0x4

struct token {
	int		 kind;
	int		 line, col;	/* 1-based line, 0-based col (bytes) */
	const char	*op;		/* TK_OP: static operator text */
	char		*s;		/* TK_NAME/TK_STR: arena text */
	size_t		 slen;
	int		 flags;		/* TK_STR */
	int		 body_line, body_col; /* TK_STR: where the body starts */
	int64_t		 i;
	double		 f;
};

struct lexer {
	struct arena	*arena;
	const char	*src;
	size_t		 len;
	size_t		 pos;
	int		 line;
	size_t		 line_start;
	int		 indents[128];
	int		 nindent;
	int		 pending;	/* >0 INDENTs or <0 DEDENTs to emit */
	int		 parens;
	int		 popen_line[201], popen_col[201];
	char		 popen_ch[201];
	int		 at_bol;
	int		 emitted_newline;
	int		 line_off;	/* added to lines (f-string sub-lexers) */
	int		 col_off;	/* added to cols on the first line */
	struct lang_error *err;
	jmp_buf		*jb;
};

void	lexer_init(struct lexer *, struct arena *, const char *, size_t,
	    struct lang_error *, jmp_buf *);
void	lexer_next(struct lexer *, struct token *);
char	*lexer_unescape(struct lexer *, const char *, size_t, int, size_t *,
	    int, int);
void	lexer_error(struct lexer *, int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5), noreturn));

#endif
