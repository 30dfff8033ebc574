/*
 * lexer.c — turns source text into tokens, tracking indentation.
 *
 * Owns tokenisation and string-escape decoding. It must not build syntax
 * trees. Errors longjmp back to the parser with a position and a message.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lexer.h"

/* Operators, longest first. */
static const char *lexer_ops[] = {
	"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<",
	">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "&=",
	"|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~",
	"<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
	NULL
};

/* Set up a lexer over src. */
void
lexer_init(struct lexer *lx, struct arena *a, const char *src, size_t len,
    struct lang_error *err, jmp_buf *jb)
{
	memset(lx, 0, sizeof *lx);
	lx->arena = a;
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->at_bol = 1;
	lx->err = err;
	lx->jb = jb;
}

/* Report an error at a position and unwind to the parser. */
void
lexer_error(struct lexer *lx, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof lx->err->msg, fmt, ap);
	va_end(ap);
	lx->err->line = line;
	lx->err->col = col;
	longjmp(*lx->jb, 1);
}

/* The column of the current position. */
static int
lexer_col(struct lexer *lx)
{
	int	c = (int)(lx->pos - lx->line_start);

	if (lx->line == 1)
		c += lx->col_off;
	return c;
}

/* Append a code point as UTF-8. */
static size_t
lexer_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static int
lexer_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the escapes of a string body into arena memory. Bytes literals keep
 * \x as a byte. Returns the decoded text (NUL-terminated) and its length.
 */
char *
lexer_unescape(struct lexer *lx, const char *s, size_t n, int flags,
    size_t *outlen, int line, int col)
{
	char	*out = arena_alloc(lx->arena, n * 2 + 8), *o = out;
	size_t	 i = 0;
	int	 k, v, d;

	if (flags & STR_RAW) {
		memcpy(out, s, n);
		out[n] = '\0';
		*outlen = n;
		return out;
	}
	while (i < n) {
		if (s[i] != '\\' || i + 1 >= n) {
			*o++ = s[i++];
			continue;
		}
		i++;
		switch (s[i]) {
		case '\n': i++; break;
		case '\\': *o++ = '\\'; i++; break;
		case '\'': *o++ = '\''; i++; break;
		case '"': *o++ = '"'; i++; break;
		case 'a': *o++ = '\a'; i++; break;
		case 'b': *o++ = '\b'; i++; break;
		case 'f': *o++ = '\f'; i++; break;
		case 'n': *o++ = '\n'; i++; break;
		case 'r': *o++ = '\r'; i++; break;
		case 't': *o++ = '\t'; i++; break;
		case 'v': *o++ = '\v'; i++; break;
		case 'x':
			if (i + 2 >= n || lexer_hexval(s[i + 1]) < 0 ||
			    lexer_hexval(s[i + 2]) < 0)
				lexer_error(lx, line, col, "(%s) truncated \\xXX escape",
				    (flags & STR_BYTES) ? "value error" : "unicode error");
			v = lexer_hexval(s[i + 1]) * 16 + lexer_hexval(s[i + 2]);
			if (flags & STR_BYTES)
				*o++ = (char)v;
			else
				o += lexer_utf8(o, (unsigned long)v);
			i += 3;
			break;
		case 'u': case 'U': case 'N':
			if (flags & STR_BYTES) {
				*o++ = '\\';
				break;
			}
			if (s[i] == 'N')
				lexer_error(lx, line, col,
				    "\\N{...} escapes are not supported");
			k = s[i] == 'u' ? 4 : 8;
			{
				unsigned long cp = 0;
				int j;

				for (j = 1; j <= k; j++) {
					if (i + j >= n || (d = lexer_hexval(s[i + j])) < 0)
						lexer_error(lx, line, col,
						    "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\%cXXXX escape",
						    k == 4 ? 'u' : 'U');
					cp = cp * 16 + (unsigned long)d;
				}
				if (cp > 0x10ffff)
					lexer_error(lx, line, col,
					    "(unicode error) illegal Unicode character");
				o += lexer_utf8(o, cp);
				i += (size_t)k + 1;
			}
			break;
		default:
			if (s[i] >= '0' && s[i] <= '7') {
				v = 0;
				for (k = 0; k < 3 && i < n && s[i] >= '0' &&
				    s[i] <= '7'; k++, i++)
					v = v * 8 + (s[i] - '0');
				if (flags & STR_BYTES)
					*o++ = (char)v;
				else
					o += lexer_utf8(o, (unsigned long)v);
			} else
				*o++ = '\\';
			break;
		}
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* Read a number token. */
static void
lexer_number(struct lexer *lx, struct token *t)
{
	const char	*s = lx->src + lx->pos, *e = lx->src + lx->len;
	const char	*p = s;
	char		 buf[512];
	size_t		 n = 0;
	int		 isfloat = 0, base = 10;

	if (p[0] == '0' && p + 1 < e && strchr("xXoObB", p[1]) != NULL) {
		base = (p[1] == 'x' || p[1] == 'X') ? 16 :
		    (p[1] == 'o' || p[1] == 'O') ? 8 : 2;
		p += 2;
		while (p < e && (isxdigit((unsigned char)*p) || *p == '_')) {
			if (*p != '_' && n < sizeof buf - 1) {
				if (lexer_hexval(*p) >= base)
					lexer_error(lx, lx->line, lexer_col(lx),
					    "invalid digit '%c' in %s literal", *p,
					    base == 8 ? "octal" : base == 2 ?
					    "binary" : "hexadecimal");
				buf[n++] = *p;
			}
			p++;
		}
		if (n == 0)
			lexer_error(lx, lx->line, lexer_col(lx),
			    "invalid %s literal", base == 16 ? "hexadecimal" :
			    base == 8 ? "octal" : "binary");
	} else {
		while (p < e && (isdigit((unsigned char)*p) || *p == '_')) {
			if (*p != '_' && n < sizeof buf - 1)
				buf[n++] = *p;
			p++;
		}
		if (p < e && *p == '.') {
			isfloat = 1;
			buf[n++] = *p++;
			while (p < e && (isdigit((unsigned char)*p) || *p == '_')) {
				if (*p != '_' && n < sizeof buf - 1)
					buf[n++] = *p;
				p++;
			}
		}
		if (p < e && (*p == 'e' || *p == 'E')) {
			const char *q = p + 1;

			if (q < e && (*q == '+' || *q == '-'))
				q++;
			if (q < e && isdigit((unsigned char)*q)) {
				isfloat = 1;
				buf[n++] = 'e';
				p++;
				if (*p == '+' || *p == '-')
					buf[n++] = *p++;
				while (p < e && (isdigit((unsigned char)*p) ||
				    *p == '_')) {
					if (*p != '_' && n < sizeof buf - 1)
						buf[n++] = *p;
					p++;
				}
			}
		}
		if (p < e && (*p == 'j' || *p == 'J'))
			lexer_error(lx, lx->line, lexer_col(lx),
			    "complex numbers are not supported");
	}
	if (p < e && (isalpha((unsigned char)*p) || *p == '_'))
		lexer_error(lx, lx->line, lexer_col(lx), "invalid decimal literal");
	buf[n] = '\0';
	if (isfloat) {
		t->kind = TK_FLOAT;
		t->f = strtod(buf, NULL);
	} else {
		unsigned long long v;

		t->kind = TK_INT;
		if (base == 10 && n > 1 && buf[0] == '0') {
			size_t j;

			for (j = 0; j < n; j++)
				if (buf[j] != '0')
					lexer_error(lx, lx->line, lexer_col(lx),
					    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
		}
		errno = 0;
		v = strtoull(buf, NULL, base);
		if (errno == ERANGE || v > (unsigned long long)INT64_MAX)
			lexer_error(lx, lx->line, lexer_col(lx),
			    "integer literal too large (concviz integers are 64-bit)");
		t->i = (int64_t)v;
	}
	lx->pos = (size_t)(p - lx->src);
}

/* Read a string literal starting at the prefix/quote. */
static void
lexer_string(struct lexer *lx, struct token *t, int flags)
{
	const char	*s = lx->src;
	size_t		 p = lx->pos, start;
	char		 q = s[p];
	int		 triple = 0, sline = lx->line, scol = lexer_col(lx);

	if (p + 2 < lx->len && s[p + 1] == q && s[p + 2] == q) {
		triple = 1;
		p += 3;
	} else
		p++;
	start = p;
	t->body_line = lx->line + lx->line_off;
	t->body_col = (int)(p - lx->line_start) + (lx->line == 1 ? lx->col_off : 0);
	for (;;) {
		if (p >= lx->len) {
			if (triple)
				lexer_error(lx, sline + lx->line_off, scol,
				    "unterminated triple-quoted string literal (detected at line %d)",
				    lx->line + lx->line_off);
			lexer_error(lx, sline + lx->line_off, scol,
			    "unterminated string literal (detected at line %d)",
			    sline + lx->line_off);
		}
		if (s[p] == '\\') {
			if (p + 1 < lx->len && s[p + 1] == '\n') {
				lx->line++;
				lx->line_start = p + 2;
			}
			p += 2;
			continue;
		}
		if (s[p] == '\n') {
			if (!triple)
				lexer_error(lx, sline + lx->line_off, scol,
				    "unterminated string literal (detected at line %d)",
				    sline + lx->line_off);
			lx->line++;
			lx->line_start = p + 1;
			p++;
			continue;
		}
		if (s[p] == q) {
			if (!triple)
				break;
			if (p + 2 < lx->len && s[p + 1] == q && s[p + 2] == q)
				break;
		}
		p++;
	}
	if (p > lx->len)
		p = lx->len;
	t->kind = TK_STR;
	t->flags = flags;
	if (flags & STR_F) {
		t->s = arena_alloc(lx->arena, p - start + 1);
		memcpy(t->s, s + start, p - start);
		t->s[p - start] = '\0';
		t->slen = p - start;
	} else
		t->s = lexer_unescape(lx, s + start, p - start, flags, &t->slen,
		    sline + lx->line_off, scol);
	if ((flags & STR_BYTES) && !(flags & STR_RAW)) {
		size_t j;

		for (j = start; j < p; j++)
			if ((unsigned char)s[j] >= 0x80)
				lexer_error(lx, sline + lx->line_off, scol,
				    "bytes can only contain ASCII literal characters");
	}
	lx->pos = p + (triple ? 3 : 1);
}

/* Produce the next token. */
void
lexer_next(struct lexer *lx, struct token *t)
{
	const char	*s = lx->src;
	int		 i, col;

	memset(t, 0, sizeof *t);
again:
	if (lx->pending > 0) {
		lx->pending--;
		t->kind = TK_INDENT;
		t->line = lx->line + lx->line_off;
		return;
	}
	if (lx->pending < 0) {
		lx->pending++;
		t->kind = TK_DEDENT;
		t->line = lx->line + lx->line_off;
		t->col = lexer_col(lx);
		return;
	}
	if (lx->at_bol && lx->parens == 0) {
		/* Measure indentation; skip blank and comment lines. */
		col = 0;
		while (lx->pos < lx->len) {
			if (s[lx->pos] == ' ')
				col++;
			else if (s[lx->pos] == '\t')
				col = (col / 8 + 1) * 8;
			else if (s[lx->pos] == '\f')
				col = 0;
			else
				break;
			lx->pos++;
		}
		if (lx->pos >= lx->len) {
			/* EOF: dedent everything. */
			lx->at_bol = 0;
			if (lx->nindent > 0) {
				lx->pending = -lx->nindent;
				lx->nindent = 0;
				goto again;
			}
			t->kind = TK_END;
			t->line = lx->line + lx->line_off;
			return;
		}
		if (s[lx->pos] == '#' || s[lx->pos] == '\n' ||
		    (s[lx->pos] == '\r' && lx->pos + 1 < lx->len &&
		    s[lx->pos + 1] == '\n') ||
		    (s[lx->pos] == '\\' && lx->pos + 1 < lx->len &&
		    s[lx->pos + 1] == '\n' && 0)) {
			while (lx->pos < lx->len && s[lx->pos] != '\n')
				lx->pos++;
			if (lx->pos < lx->len) {
				lx->pos++;
				lx->line++;
				lx->line_start = lx->pos;
			}
			goto again;
		}
		lx->at_bol = 0;
		{
			int cur = lx->nindent ? lx->indents[lx->nindent - 1] : 0;

			if (col > cur) {
				if (lx->nindent >= 100)
					lexer_error(lx, lx->line + lx->line_off, col,
					    "too many levels of indentation");
				lx->indents[lx->nindent++] = col;
				lx->pending = 1;
				goto again;
			}
			if (col < cur) {
				int n = 0;

				while (lx->nindent > 0 &&
				    lx->indents[lx->nindent - 1] > col) {
					lx->nindent--;
					n++;
				}
				if ((lx->nindent ? lx->indents[lx->nindent - 1] : 0) != col)
					lexer_error(lx, lx->line + lx->line_off, col,
					    "unindent does not match any outer indentation level");
				lx->pending = -n;
				goto again;
			}
		}
	}
	/* Skip spaces, comments and line continuations. */
	for (;;) {
		if (lx->pos >= lx->len)
			break;
		if (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\f' ||
		    s[lx->pos] == '\r') {
			lx->pos++;
			continue;
		}
		if (s[lx->pos] == '#') {
			while (lx->pos < lx->len && s[lx->pos] != '\n')
				lx->pos++;
			continue;
		}
		if (s[lx->pos] == '\\') {
			if (lx->pos + 1 < lx->len && s[lx->pos + 1] == '\n') {
				lx->pos += 2;
				lx->line++;
				lx->line_start = lx->pos;
				continue;
			}
			if (lx->pos + 2 < lx->len && s[lx->pos + 1] == '\r' &&
			    s[lx->pos + 2] == '\n') {
				lx->pos += 3;
				lx->line++;
				lx->line_start = lx->pos;
				continue;
			}
			lexer_error(lx, lx->line + lx->line_off, lexer_col(lx) + 1,
			    "unexpected character after line continuation character");
		}
		if (s[lx->pos] == '\n' && lx->parens > 0) {
			lx->pos++;
			lx->line++;
			lx->line_start = lx->pos;
			continue;
		}
		break;
	}
	t->line = lx->line + lx->line_off;
	t->col = lexer_col(lx);
	if (lx->pos >= lx->len) {
		if (lx->parens > 0 && lx->parens <= 200)
			lexer_error(lx, lx->popen_line[lx->parens - 1],
			    lx->popen_col[lx->parens - 1], "'%c' was never closed",
			    lx->popen_ch[lx->parens - 1]);
		if (lx->parens > 0)
			lexer_error(lx, t->line, t->col,
			    "unexpected EOF while parsing");
		if (!lx->emitted_newline) {
			lx->emitted_newline = 1;
			t->kind = TK_NEWLINE;
			return;
		}
		lx->at_bol = 1;
		goto again;
	}
	if (s[lx->pos] == '\n') {
		lx->pos++;
		lx->line++;
		lx->line_start = lx->pos;
		lx->at_bol = 1;
		lx->emitted_newline = 1;
		t->kind = TK_NEWLINE;
		return;
	}
	lx->emitted_newline = 0;
	{
		unsigned char c = (unsigned char)s[lx->pos];

		if (isalpha(c) || c == '_' || c >= 0x80) {
			size_t	start = lx->pos;
			int	flags = 0;

			while (lx->pos < lx->len && (isalnum((unsigned char)s[lx->pos]) ||
			    s[lx->pos] == '_' || (unsigned char)s[lx->pos] >= 0x80))
				lx->pos++;
			if (lx->pos < lx->len && (s[lx->pos] == '\'' || s[lx->pos] == '"') &&
			    lx->pos - start <= 2) {
				size_t j;
				int ok = 1;

				for (j = start; j < lx->pos; j++) {
					switch (s[j]) {
					case 'r': case 'R': flags |= STR_RAW; break;
					case 'b': case 'B': flags |= STR_BYTES; break;
					case 'f': case 'F': flags |= STR_F; break;
					case 'u': case 'U': break;
					default: ok = 0;
					}
				}
				if (ok && !((flags & STR_BYTES) && (flags & STR_F))) {
					lexer_string(lx, t, flags);
					return;
				}
			}
			t->kind = TK_NAME;
			t->slen = lx->pos - start;
			t->s = arena_alloc(lx->arena, t->slen + 1);
			memcpy(t->s, s + start, t->slen);
			t->s[t->slen] = '\0';
			return;
		}
		if (isdigit(c) || (c == '.' && lx->pos + 1 < lx->len &&
		    isdigit((unsigned char)s[lx->pos + 1]))) {
			lexer_number(lx, t);
			return;
		}
		if (c == '\'' || c == '"') {
			int line = t->line, col2 = t->col;

			lexer_string(lx, t, 0);
			t->line = line;
			t->col = col2;
			return;
		}
		for (i = 0; lexer_ops[i] != NULL; i++) {
			size_t n = strlen(lexer_ops[i]);

			if (lx->pos + n <= lx->len &&
			    memcmp(s + lx->pos, lexer_ops[i], n) == 0) {
				t->kind = TK_OP;
				t->op = lexer_ops[i];
				lx->pos += n;
				if (n == 1 && strchr("([{", c) != NULL) {
					if (lx->parens >= 200)
						lexer_error(lx, t->line, t->col,
						    "too many nested parentheses");
					lx->popen_line[lx->parens] = t->line;
					lx->popen_col[lx->parens] = t->col;
					lx->popen_ch[lx->parens] = (char)c;
					lx->parens++;
				} else if (n == 1 && strchr(")]}", c) != NULL) {
					if (lx->parens == 0)
						lexer_error(lx, t->line, t->col,
						    "unmatched '%c'", c);
					lx->parens--;
					if ((c == ')' && lx->popen_ch[lx->parens] != '(') ||
					    (c == ']' && lx->popen_ch[lx->parens] != '[') ||
					    (c == '}' && lx->popen_ch[lx->parens] != '{'))
						lexer_error(lx, t->line, t->col,
						    "closing parenthesis '%c' does not match opening parenthesis '%c'%s",
						    c, lx->popen_ch[lx->parens], "");
				}
				return;
			}
		}
		if (c == '!')
			lexer_error(lx, t->line, t->col, "invalid syntax");
		if (c == '$' || c == '?' || c == '`')
			lexer_error(lx, t->line, t->col, "invalid syntax");
		lexer_error(lx, t->line, t->col,
		    "invalid non-printable character U+%04X", c);
	}
}
