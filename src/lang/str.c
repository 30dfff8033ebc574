/*
 * str.c — the str type: UTF-8 storage indexed by code point, hashing,
 * interning and the methods of str.
 *
 * Formatting (format(), str.format, %, float repr) lives in format.c. This
 * file must not know about frames or bytecode.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"

/* Decode one UTF-8 sequence; returns its length (1 for invalid bytes). */
int64_t
utf8_decode(const char *s, int64_t n, int64_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (n <= 0) {
		*cp = 0;
		return 1;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0 && n >= 2) {
		*cp = ((p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return 2;
	}
	if ((p[0] & 0xf0) == 0xe0 && n >= 3) {
		*cp = ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	if ((p[0] & 0xf8) == 0xf0 && n >= 4) {
		*cp = ((int64_t)(p[0] & 0x07) << 18) | ((p[1] & 0x3f) << 12) |
		    ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
		return 4;
	}
	*cp = p[0];
	return 1;
}

/* Encode a code point as UTF-8; returns the length. */
int
utf8_encode(char *out, uint32_t cp)
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

/* Count code points and set the ascii flag. */
static void
str_measure(struct str *s)
{
	int64_t i, n = 0;
	int ascii = 1;

	for (i = 0; i < s->len; i++) {
		unsigned char c = (unsigned char)s->data[i];

		if (c >= 0x80)
			ascii = 0;
		if ((c & 0xc0) != 0x80)
			n++;
	}
	s->nchars = n;
	s->ascii = ascii;
}

/* A new str from bytes (copied); p may be NULL to fill in later. */
struct str *
str_new(const char *p, size_t n)
{
	struct str *s = obj_alloc(TYPE(T_STR), sizeof *s + n + 1);

	s->len = (int64_t)n;
	s->hash = -1;
	if (p != NULL) {
		memcpy(s->data, p, n);
		s->data[n] = '\0';
		str_measure(s);
	} else {
		s->data[n] = '\0';
		s->nchars = (int64_t)n;
		s->ascii = 1;
	}
	return s;
}

struct str *
str_cstr(const char *p)
{
	return str_new(p, strlen(p));
}

struct val
str_val(const char *p)
{
	return val_obj(str_cstr(p));
}

/* A str taking over a buffer's contents. */
struct str *
str_from_buf(struct buf *b)
{
	struct str *s = str_new(b->data ? b->data : "", b->len);

	buf_fini(b);
	return s;
}

/* FNV-1a over bytes (the str hash). */
static int64_t
str_hash_bytes(const char *p, size_t n)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	h >>= 1;
	if ((int64_t)h == -1)
		h = 1;
	return (int64_t)h;
}

/* An interned str (borrowed: lives as long as the interpreter). */
struct str *
str_intern(const char *p)
{
	struct interp	*in = INTERP;
	size_t		 n = strlen(p);
	int64_t		 h = str_hash_bytes(p, n), i;
	uint64_t	 perturb = (uint64_t)h;
	struct dict	*d;
	struct str	*s;

	if (in->interned == NULL)
		in->interned = dict_new();
	d = in->interned;
	obj_lock(d);
	if (d->len > 0) {
		i = h & d->mask;
		for (;;) {
			int32_t ix = d->index[i];

			if (ix == -1)
				break;
			if (ix >= 0 && d->entries[ix].hash == h) {
				struct str *k = (struct str *)d->entries[ix].key.u.o;

				if ((size_t)k->len == n && memcmp(k->data, p, n) == 0) {
					obj_unlock(d);
					return k;
				}
			}
			perturb >>= 5;
			i = (int64_t)(((uint64_t)i * 5 + perturb + 1) &
			    (uint64_t)d->mask);
		}
	}
	obj_unlock(d);
	s = str_new(p, n);
	s->hash = h;
	/* Another thread may intern the same text meanwhile: one wins. */
	{
		struct val old = dict_setdefault(d, val_obj(s), val_obj(s));

		OBJ_DECREF(s);
		if (old.tag != V_NULL) {
			s = VAL_AS(str, old);
			val_decref(old);	/* the table keeps it */
		}
	}
	return s;
}

/* FNV-1a hash of a str, cached. */
int64_t
str_hash(struct str *s)
{
	if (s->hash == -1)
		s->hash = str_hash_bytes(s->data, (size_t)s->len);
	return s->hash;
}

int
str_eq(struct str *a, struct str *b)
{
	if (a == b)
		return 1;
	if (a->len != b->len)
		return 0;
	if (a->hash != -1 && b->hash != -1 && a->hash != b->hash)
		return 0;
	return memcmp(a->data, b->data, (size_t)a->len) == 0;
}

/* Byte offset of code point i. */
static int64_t
str_offset(struct str *s, int64_t i)
{
	int64_t off = 0, cp;

	if (s->ascii)
		return i;
	while (i > 0 && off < s->len) {
		off += utf8_decode(s->data + off, s->len - off, &cp);
		i--;
	}
	return off;
}

/* The one-character str at code point i. */
struct str *
str_char_at(struct str *s, int64_t i)
{
	int64_t off = str_offset(s, i), cp, n;

	if (s->ascii || (unsigned char)s->data[off] < 0x80) {
		struct str *c = INTERP->chars[(unsigned char)s->data[off]];

		OBJ_INCREF(c);
		return c;
	}
	n = utf8_decode(s->data + off, s->len - off, &cp);
	return str_new(s->data + off, (size_t)n);
}

/* ---- methods ------------------------------------------------------------ */

#define SELF		(VAL_AS(str, args[0]))

static int
need_str(struct vm_thread *t, struct val v, const char *what)
{
	if (IS_STR(v))
		return 0;
	vm_raise(t, EXC(TypeError), "%s arg must be None or str", what);
	return -1;
}

static int
is_space_cp(int64_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f ||
	    c == 0x85 || c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x1680;
}

/* strip/lstrip/rstrip: which = 1 left, 2 right, 3 both. */
static struct val
str_strip_impl(struct vm_thread *t, struct val *args, int nargs, int which)
{
	struct str	*s = SELF;
	int64_t		 lo = 0, hi = s->len;
	struct str	*chars = NULL;

	if (nargs > 1 && args[1].tag != V_NONE) {
		if (need_str(t, args[1], "strip"))
			return val_null();
		chars = VAL_AS(str, args[1]);
	}
	if (which & 1)
		while (lo < hi) {
			int64_t cp, n = utf8_decode(s->data + lo, hi - lo, &cp);

			if (chars ? memmem(chars->data, (size_t)chars->len,
			    s->data + lo, (size_t)n) == NULL : !is_space_cp(cp))
				break;
			lo += n;
		}
	if (which & 2)
		while (hi > lo) {
			int64_t st = hi - 1, cp, n;

			while (st > lo && ((unsigned char)s->data[st] & 0xc0) == 0x80)
				st--;
			n = utf8_decode(s->data + st, hi - st, &cp);
			if (chars ? memmem(chars->data, (size_t)chars->len,
			    s->data + st, (size_t)n) == NULL : !is_space_cp(cp))
				break;
			hi = st;
		}
	if (lo == 0 && hi == s->len)
		return val_dup(args[0]);
	return val_obj(str_new(s->data + lo, (size_t)(hi - lo)));
}

static struct val
str_m_strip(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_strip_impl(t, a, n, 3);
}

static struct val
str_m_lstrip(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_strip_impl(t, a, n, 1);
}

static struct val
str_m_rstrip(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_strip_impl(t, a, n, 2);
}

/* Resolve optional [start, end] code point arguments to byte offsets. */
static int
str_range_args(struct vm_thread *t, struct str *s, struct val *args, int nargs,
    int first, int64_t *blo, int64_t *bhi)
{
	int64_t lo = 0, hi = s->nchars;

	if (nargs > first && args[first].tag != V_NONE &&
	    val_to_index(t, args[first], &lo) < 0)
		return -1;
	if (nargs > first + 1 && args[first + 1].tag != V_NONE &&
	    val_to_index(t, args[first + 1], &hi) < 0)
		return -1;
	if (lo < 0)
		lo = lo + s->nchars < 0 ? 0 : lo + s->nchars;
	if (hi < 0)
		hi = hi + s->nchars < 0 ? 0 : hi + s->nchars;
	if (hi > s->nchars)
		hi = s->nchars;
	if (lo > s->nchars) {
		*blo = s->len + 1;
		*bhi = s->len;
		return 0;
	}
	*blo = str_offset(s, lo);
	*bhi = hi < lo ? *blo - 1 : str_offset(s, hi);
	return 0;
}

/* Code point index of a byte offset. */
static int64_t
str_cpindex(struct str *s, int64_t off)
{
	int64_t i, n = 0;

	if (s->ascii)
		return off;
	for (i = 0; i < off; i++)
		if (((unsigned char)s->data[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* find/rfind/index/rindex/count share this search. */
static struct val
str_search(struct vm_thread *t, struct val *args, int nargs, const char *name,
    int rev, int raise, int count)
{
	struct str	*s = SELF, *sub;
	int64_t		 lo, hi, i, found = -1, c = 0;

	if (arg_count(t, name, nargs - 1, 1, 3) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "must be str, not %s",
		    val_type_name(args[1]));
	sub = VAL_AS(str, args[1]);
	if (str_range_args(t, s, args, nargs, 2, &lo, &hi) < 0)
		return val_null();
	if (count) {
		if (hi - lo < sub->len)
			return val_int(hi < lo ? 0 : (sub->len == 0 && lo <= s->len) ?
			    str_cpindex(s, hi) - str_cpindex(s, lo) + 1 : 0);
		if (sub->len == 0)
			return val_int(str_cpindex(s, hi) - str_cpindex(s, lo) + 1);
		for (i = lo; i + sub->len <= hi; ) {
			if (memcmp(s->data + i, sub->data, (size_t)sub->len) == 0) {
				c++;
				i += sub->len;
			} else
				i++;
		}
		return val_int(c);
	}
	if (hi - lo >= sub->len) {
		if (!rev) {
			for (i = lo; i + sub->len <= hi; i++)
				if (memcmp(s->data + i, sub->data, (size_t)sub->len) == 0) {
					found = i;
					break;
				}
		} else {
			for (i = hi - sub->len; i >= lo; i--)
				if (memcmp(s->data + i, sub->data, (size_t)sub->len) == 0) {
					found = i;
					break;
				}
		}
	}
	if (found < 0) {
		if (raise)
			return vm_raise(t, EXC(ValueError), "substring not found");
		return val_int(-1);
	}
	return val_int(str_cpindex(s, found));
}

static struct val
str_m_find(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_search(t, a, n, "find", 0, 0, 0);
}

static struct val
str_m_rfind(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_search(t, a, n, "rfind", 1, 0, 0);
}

static struct val
str_m_index(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_search(t, a, n, "index", 0, 1, 0);
}

static struct val
str_m_rindex(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_search(t, a, n, "rindex", 1, 1, 0);
}

static struct val
str_m_count(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_search(t, a, n, "count", 0, 0, 1);
}

/* startswith / endswith with str or tuple of str. */
static struct val
str_affix(struct vm_thread *t, struct val *args, int nargs, int end)
{
	struct str	*s = SELF;
	int64_t		 lo, hi, i, n = 1;
	struct val	*cands = &args[1];

	if (arg_count(t, end ? "endswith" : "startswith", nargs - 1, 1, 3) < 0)
		return val_null();
	if (IS_TUPLE(args[1])) {
		cands = VAL_AS(tuple, args[1])->items;
		n = VAL_AS(tuple, args[1])->len;
	}
	if (str_range_args(t, s, args, nargs, 2, &lo, &hi) < 0)
		return val_null();
	for (i = 0; i < n; i++) {
		struct str *p;

		if (!IS_STR(cands[i]))
			return vm_raise(t, EXC(TypeError),
			    "%s first arg must be str or a tuple of str, not %s",
			    end ? "endswith" : "startswith", val_type_name(cands[i]));
		p = VAL_AS(str, cands[i]);
		if (hi - lo < p->len)
			continue;
		if (memcmp(s->data + (end ? hi - p->len : lo), p->data,
		    (size_t)p->len) == 0)
			return val_bool(1);
	}
	return val_bool(0);
}

static struct val
str_m_startswith(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_affix(t, a, n, 0);
}

static struct val
str_m_endswith(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_affix(t, a, n, 1);
}

/* Case mapping for ASCII and Latin-1/Greek/Cyrillic basics. */
static int64_t
cp_upper(int64_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if ((c >= 0xe0 && c <= 0xfe && c != 0xf7))
		return c - 32;
	if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2)
		return c - 32;
	if (c >= 0x430 && c <= 0x44f)
		return c - 32;
	return c;
}

static int64_t
cp_lower(int64_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 32;
	if (c >= 0x391 && c <= 0x3a9)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	return c;
}

static int
cp_isalpha(int64_t c)
{
	if (c < 128)
		return isalpha((int)c);
	return cp_upper(c) != c || cp_lower(c) != c || (c >= 0x4e00 && c <= 0x9fff);
}

/* Map every code point: mode 0 upper, 1 lower, 2 title, 3 capitalize, 4 swap. */
static struct val
str_casemap(struct val *args, int mode)
{
	struct str	*s = SELF;
	struct buf	 b;
	int64_t		 i = 0, cp;
	int		 prev_alpha = 0, first = 1;
	char		 tmp[4];

	buf_init(&b);
	while (i < s->len) {
		int64_t n = utf8_decode(s->data + i, s->len - i, &cp), o = cp;

		switch (mode) {
		case 0: o = cp_upper(cp); break;
		case 1: o = cp_lower(cp); break;
		case 2: o = prev_alpha ? cp_lower(cp) : cp_upper(cp); break;
		case 3: o = first ? cp_upper(cp) : cp_lower(cp); break;
		case 4: o = cp_upper(cp) != cp ? cp_upper(cp) : cp_lower(cp); break;
		}
		if (cp == 0xdf && mode == 0)
			buf_adds(&b, "SS");
		else
			buf_add(&b, tmp, (size_t)utf8_encode(tmp, (uint32_t)o));
		prev_alpha = cp_isalpha(cp);
		first = 0;
		i += n;
	}
	return val_obj(str_from_buf(&b));
}

static struct val
str_m_upper(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)t; (void)n; (void)kw;
	return str_casemap(a, 0);
}

static struct val
str_m_lower(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)t; (void)n; (void)kw;
	return str_casemap(a, 1);
}

static struct val
str_m_title(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)t; (void)n; (void)kw;
	return str_casemap(a, 2);
}

static struct val
str_m_capitalize(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)t; (void)n; (void)kw;
	return str_casemap(a, 3);
}

static struct val
str_m_swapcase(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)t; (void)n; (void)kw;
	return str_casemap(a, 4);
}

/* is* predicates: kind selects the test. */
static struct val
str_pred(struct val *args, int kind)
{
	struct str	*s = SELF;
	int64_t		 i = 0, cp;
	int		 any_cased = 0, prev_cased = 0, ok = 1;

	if (s->len == 0)
		return val_bool(0);
	while (i < s->len) {
		int64_t n = utf8_decode(s->data + i, s->len - i, &cp);
		int up = cp_lower(cp) != cp, lo = cp_upper(cp) != cp;

		switch (kind) {
		case 0: ok = cp < 128 ? isdigit((int)cp) : 0; break;
		case 1: ok = cp_isalpha(cp); break;
		case 2: ok = cp_isalpha(cp) || (cp < 128 && isdigit((int)cp)); break;
		case 3: ok = is_space_cp(cp); break;
		case 4: if (lo) ok = 0; if (up) any_cased = 1; break;
		case 5: if (up) ok = 0; if (lo) any_cased = 1; break;
		case 6:
			if (up) {
				if (prev_cased)
					ok = 0;
				prev_cased = 1;
				any_cased = 1;
			} else if (lo) {
				if (!prev_cased)
					ok = 0;
				prev_cased = 1;
				any_cased = 1;
			} else
				prev_cased = 0;
			break;
		case 7: ok = cp < 128 && cp >= 32 && cp != 127; if (cp >= 160) ok = 1; break;
		case 8: ok = cp < 128; break;
		case 9: ok = cp < 128 && (isalnum((int)cp) || cp == '_'); break;
		}
		if (!ok)
			return val_bool(0);
		i += n;
	}
	if (kind >= 4 && kind <= 6)
		return val_bool(any_cased);
	if (kind == 9)
		return val_bool(!(s->data[0] >= '0' && s->data[0] <= '9'));
	return val_bool(1);
}

#define PRED(fn, k)							\
static struct val							\
fn(struct vm_thread *t, struct val *a, int n, struct dict *kw)		\
{									\
	(void)t; (void)n; (void)kw;					\
	return str_pred(a, k);						\
}
PRED(str_m_isdigit, 0)
PRED(str_m_isalpha, 1)
PRED(str_m_isalnum, 2)
PRED(str_m_isspace, 3)
PRED(str_m_isupper, 4)
PRED(str_m_islower, 5)
PRED(str_m_istitle, 6)
PRED(str_m_isprintable, 7)
PRED(str_m_isascii, 8)
PRED(str_m_isidentifier, 9)

static struct val
str_m_join(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct str	*sep = SELF;
	struct list	*l;
	struct buf	 b;
	int64_t		 i;

	(void)kw;
	if (arg_count(t, "join", nargs - 1, 1, 1) < 0)
		return val_null();
	l = seq_to_list(t, args[1]);
	if (l == NULL) {
		if (vm_exc_matches(t, EXC(TypeError))) {
			vm_clear_exc(t);
			vm_raise(t, EXC(TypeError), "can only join an iterable");
		}
		return val_null();
	}
	buf_init(&b);
	for (i = 0; i < l->len; i++) {
		struct str *x;

		if (!IS_STR(l->items[i])) {
			vm_raise(t, EXC(TypeError),
			    "sequence item %lld: expected str instance, %s found",
			    (long long)i, val_type_name(l->items[i]));
			buf_fini(&b);
			OBJ_DECREF(l);
			return val_null();
		}
		if (i > 0)
			buf_add(&b, sep->data, (size_t)sep->len);
		x = VAL_AS(str, l->items[i]);
		buf_add(&b, x->data, (size_t)x->len);
	}
	OBJ_DECREF(l);
	return val_obj(str_from_buf(&b));
}

/* split / rsplit. */
static struct val
str_split_impl(struct vm_thread *t, struct val *args, int nargs, struct dict *kw,
    int rev)
{
	struct str	*s = SELF, *sep = NULL;
	int64_t		 maxsplit = -1, i, j;
	struct list	*l = list_new(0);
	struct val	 kv;

	if (nargs > 1 && args[1].tag != V_NONE)
		sep = IS_STR(args[1]) ? VAL_AS(str, args[1]) : NULL;
	if ((kv = kw_get(kw, "sep")).tag != V_NULL && kv.tag != V_NONE)
		sep = IS_STR(kv) ? VAL_AS(str, kv) : NULL;
	if (nargs > 1 && args[1].tag != V_NONE && sep == NULL) {
		OBJ_DECREF(l);
		return vm_raise(t, EXC(TypeError), "must be str or None, not %s",
		    val_type_name(args[1]));
	}
	if (nargs > 2 && val_to_index(t, args[2], &maxsplit) < 0) {
		OBJ_DECREF(l);
		return val_null();
	}
	if ((kv = kw_get(kw, "maxsplit")).tag != V_NULL &&
	    val_to_index(t, kv, &maxsplit) < 0) {
		OBJ_DECREF(l);
		return val_null();
	}
	if (sep != NULL && sep->len == 0) {
		OBJ_DECREF(l);
		return vm_raise(t, EXC(ValueError), "empty separator");
	}
	if (sep == NULL) {
		if (!rev) {
			i = 0;
			for (;;) {
				while (i < s->len && isspace((unsigned char)s->data[i]))
					i++;
				if (i >= s->len)
					break;
				if (maxsplit >= 0 && l->len >= maxsplit) {
					list_append(l, val_obj(str_new(s->data + i,
					    (size_t)(s->len - i))));
					break;
				}
				j = i;
				while (j < s->len && !isspace((unsigned char)s->data[j]))
					j++;
				list_append(l, val_obj(str_new(s->data + i, (size_t)(j - i))));
				i = j;
			}
		} else {
			i = s->len;
			for (;;) {
				while (i > 0 && isspace((unsigned char)s->data[i - 1]))
					i--;
				if (i <= 0)
					break;
				if (maxsplit >= 0 && l->len >= maxsplit) {
					list_append(l, val_obj(str_new(s->data, (size_t)i)));
					break;
				}
				j = i;
				while (j > 0 && !isspace((unsigned char)s->data[j - 1]))
					j--;
				list_append(l, val_obj(str_new(s->data + j, (size_t)(i - j))));
				i = j;
			}
			for (i = 0; i < l->len / 2; i++) {
				struct val x = l->items[i];

				l->items[i] = l->items[l->len - 1 - i];
				l->items[l->len - 1 - i] = x;
			}
		}
		return val_obj(l);
	}
	if (!rev) {
		i = 0;
		for (;;) {
			char *p = NULL;

			if (maxsplit < 0 || l->len < maxsplit)
				p = memmem(s->data + i, (size_t)(s->len - i), sep->data,
				    (size_t)sep->len);
			if (p == NULL) {
				list_append(l, val_obj(str_new(s->data + i,
				    (size_t)(s->len - i))));
				break;
			}
			list_append(l, val_obj(str_new(s->data + i,
			    (size_t)(p - (s->data + i)))));
			i = (p - s->data) + sep->len;
		}
	} else {
		int64_t end = s->len;

		for (;;) {
			int64_t k = -1;

			if (maxsplit < 0 || l->len < maxsplit)
				for (k = end - sep->len; k >= 0; k--)
					if (memcmp(s->data + k, sep->data,
					    (size_t)sep->len) == 0)
						break;
			if (k < 0) {
				list_append(l, val_obj(str_new(s->data, (size_t)end)));
				break;
			}
			list_append(l, val_obj(str_new(s->data + k + sep->len,
			    (size_t)(end - k - sep->len))));
			end = k;
		}
		for (i = 0; i < l->len / 2; i++) {
			struct val x = l->items[i];

			l->items[i] = l->items[l->len - 1 - i];
			l->items[l->len - 1 - i] = x;
		}
	}
	return val_obj(l);
}

static struct val
str_m_split(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	return str_split_impl(t, a, n, kw, 0);
}

static struct val
str_m_rsplit(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	return str_split_impl(t, a, n, kw, 1);
}

static struct val
str_m_splitlines(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct str	*s = SELF;
	struct list	*l = list_new(0);
	int64_t		 i = 0, start = 0;
	int		 keep = 0;
	struct val	 kv = kw_get(kw, "keepends");

	if (nargs > 1)
		keep = obj_truth(t, args[1]);
	if (kv.tag != V_NULL)
		keep = obj_truth(t, kv);
	while (i < s->len) {
		char c = s->data[i];

		if (c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
		    c == 0x1c || c == 0x1d || c == 0x1e) {
			int64_t eol = i + 1;

			if (c == '\r' && i + 1 < s->len && s->data[i + 1] == '\n')
				eol++;
			list_append(l, val_obj(str_new(s->data + start,
			    (size_t)((keep ? eol : i) - start))));
			start = i = eol;
			continue;
		}
		i++;
	}
	if (start < s->len)
		list_append(l, val_obj(str_new(s->data + start,
		    (size_t)(s->len - start))));
	return val_obj(l);
}

static struct val
str_m_replace(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct str	*s = SELF, *old, *new;
	int64_t		 count = -1, i = 0, done = 0;
	struct buf	 b;

	(void)kw;
	if (arg_count(t, "replace", nargs - 1, 2, 3) < 0)
		return val_null();
	if (!IS_STR(args[1]) || !IS_STR(args[2]))
		return vm_raise(t, EXC(TypeError),
		    "replace() argument 1 must be str, not %s",
		    val_type_name(IS_STR(args[1]) ? args[2] : args[1]));
	old = VAL_AS(str, args[1]);
	new = VAL_AS(str, args[2]);
	if (nargs > 3 && val_to_index(t, args[3], &count) < 0)
		return val_null();
	buf_init(&b);
	if (old->len == 0) {
		/* Insert between every character. */
		int64_t cp;

		while (i <= s->len) {
			if (count < 0 || done < count) {
				buf_add(&b, new->data, (size_t)new->len);
				done++;
			}
			if (i == s->len)
				break;
			{
				int64_t n = utf8_decode(s->data + i, s->len - i, &cp);

				buf_add(&b, s->data + i, (size_t)n);
				i += n;
			}
		}
		return val_obj(str_from_buf(&b));
	}
	while (i < s->len) {
		char *p = (count >= 0 && done >= count) ? NULL :
		    memmem(s->data + i, (size_t)(s->len - i), old->data,
		    (size_t)old->len);

		if (p == NULL) {
			buf_add(&b, s->data + i, (size_t)(s->len - i));
			break;
		}
		buf_add(&b, s->data + i, (size_t)(p - (s->data + i)));
		buf_add(&b, new->data, (size_t)new->len);
		i = (p - s->data) + old->len;
		done++;
	}
	return val_obj(str_from_buf(&b));
}

/* ljust/rjust/center: where 0 left, 1 right, 2 center. */
static struct val
str_pad(struct vm_thread *t, struct val *args, int nargs, int where)
{
	struct str	*s = SELF;
	int64_t		 width, pad, left, i;
	const char	*fill = " ";
	int64_t		 filln = 1;
	struct buf	 b;

	if (arg_count(t, where == 0 ? "ljust" : where == 1 ? "rjust" : "center",
	    nargs - 1, 1, 2) < 0)
		return val_null();
	if (val_to_index(t, args[1], &width) < 0)
		return val_null();
	if (nargs > 2) {
		if (!IS_STR(args[2]) || VAL_AS(str, args[2])->nchars != 1)
			return vm_raise(t, EXC(TypeError),
			    "The fill character must be exactly one character long");
		fill = VAL_AS(str, args[2])->data;
		filln = VAL_AS(str, args[2])->len;
	}
	if (width <= s->nchars)
		return val_dup(args[0]);
	pad = width - s->nchars;
	left = where == 0 ? 0 : where == 1 ? pad : pad / 2 + (pad & width & 1);
	buf_init(&b);
	for (i = 0; i < left; i++)
		buf_add(&b, fill, (size_t)filln);
	buf_add(&b, s->data, (size_t)s->len);
	for (i = 0; i < pad - left; i++)
		buf_add(&b, fill, (size_t)filln);
	return val_obj(str_from_buf(&b));
}

static struct val
str_m_ljust(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_pad(t, a, n, 0);
}

static struct val
str_m_rjust(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_pad(t, a, n, 1);
}

static struct val
str_m_center(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_pad(t, a, n, 2);
}

static struct val
str_m_zfill(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct str	*s = SELF;
	int64_t		 width, pad, i;
	struct buf	 b;
	int		 sign;

	(void)kw;
	if (arg_count(t, "zfill", nargs - 1, 1, 1) < 0 ||
	    val_to_index(t, args[1], &width) < 0)
		return val_null();
	if (width <= s->nchars)
		return val_dup(args[0]);
	pad = width - s->nchars;
	sign = s->len > 0 && (s->data[0] == '-' || s->data[0] == '+');
	buf_init(&b);
	if (sign)
		buf_addc(&b, s->data[0]);
	for (i = 0; i < pad; i++)
		buf_addc(&b, '0');
	buf_add(&b, s->data + sign, (size_t)(s->len - sign));
	return val_obj(str_from_buf(&b));
}

/* partition / rpartition. */
static struct val
str_partition_impl(struct vm_thread *t, struct val *args, int nargs, int rev)
{
	struct str	*s = SELF, *sep;
	int64_t		 k = -1, i;

	if (arg_count(t, rev ? "rpartition" : "partition", nargs - 1, 1, 1) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "must be str, not %s",
		    val_type_name(args[1]));
	sep = VAL_AS(str, args[1]);
	if (sep->len == 0)
		return vm_raise(t, EXC(ValueError), "empty separator");
	if (!rev) {
		char *p = memmem(s->data, (size_t)s->len, sep->data, (size_t)sep->len);

		if (p)
			k = p - s->data;
	} else
		for (i = s->len - sep->len; i >= 0; i--)
			if (memcmp(s->data + i, sep->data, (size_t)sep->len) == 0) {
				k = i;
				break;
			}
	if (k < 0) {
		struct tuple *tu = tuple_new(3);
		struct val e = val_obj(str_new("", 0));

		tu->items[rev ? 2 : 0] = val_dup(args[0]);
		tu->items[1] = val_dup(e);
		tu->items[rev ? 0 : 2] = e;
		return val_obj(tu);
	}
	{
		struct tuple *tu = tuple_new(3);

		tu->items[0] = val_obj(str_new(s->data, (size_t)k));
		tu->items[1] = val_dup(args[1]);
		tu->items[2] = val_obj(str_new(s->data + k + sep->len,
		    (size_t)(s->len - k - sep->len)));
		return val_obj(tu);
	}
}

static struct val
str_m_partition(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_partition_impl(t, a, n, 0);
}

static struct val
str_m_rpartition(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return str_partition_impl(t, a, n, 1);
}

static struct val
str_m_encode(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)nargs; (void)kw;
	return val_obj(bytes_new((unsigned char *)SELF->data, SELF->len));
}

static struct val
str_m_format(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	return str_format(t, SELF, args + 1, nargs - 1, kw);
}

static struct val
str_m_removeprefix(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct str *s = SELF, *p;

	(void)kw;
	if (arg_count(t, "removeprefix", nargs - 1, 1, 1) < 0)
		return val_null();
	p = VAL_AS(str, args[1]);
	if (IS_STR(args[1]) && p->len <= s->len &&
	    memcmp(s->data, p->data, (size_t)p->len) == 0)
		return val_obj(str_new(s->data + p->len, (size_t)(s->len - p->len)));
	return val_dup(args[0]);
}

static struct val
str_m_removesuffix(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct str *s = SELF, *p;

	(void)kw;
	if (arg_count(t, "removesuffix", nargs - 1, 1, 1) < 0)
		return val_null();
	p = VAL_AS(str, args[1]);
	if (IS_STR(args[1]) && p->len <= s->len && p->len > 0 &&
	    memcmp(s->data + s->len - p->len, p->data, (size_t)p->len) == 0)
		return val_obj(str_new(s->data, (size_t)(s->len - p->len)));
	return val_dup(args[0]);
}

static struct val
str_m_expandtabs(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct str	*s = SELF;
	int64_t		 ts = 8, col = 0, i;
	struct buf	 b;

	(void)kw;
	if (nargs > 1 && val_to_index(t, args[1], &ts) < 0)
		return val_null();
	buf_init(&b);
	for (i = 0; i < s->len; i++) {
		char c = s->data[i];

		if (c == '\t') {
			int64_t n = ts > 0 ? ts - col % ts : 0;

			while (n-- > 0) {
				buf_addc(&b, ' ');
				col++;
			}
		} else {
			buf_addc(&b, c);
			if (c == '\n' || c == '\r')
				col = 0;
			else if (((unsigned char)c & 0xc0) != 0x80)
				col++;
		}
	}
	return val_obj(str_from_buf(&b));
}

/* str(x) / str() constructor. */
static struct val
ctor_str(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (nargs == 0)
		return val_obj(str_new("", 0));
	if (nargs >= 2 && val_is_obj(args[0], L_BYTES)) {
		struct bytes *b = VAL_AS(bytes, args[0]);

		return val_obj(str_new((char *)b->data, (size_t)b->len));
	}
	if (nargs > 1)
		return vm_raise(t, EXC(TypeError),
		    "str() takes at most 1 argument (%d given)", nargs);
	return obj_str(t, args[0]);
}

/* Register str methods. */
void
str_init(struct interp *in)
{
	struct type *s = in->types[T_STR];
	static const struct { const char *n; cfunc_fn f; } m[] = {
		{ "strip", str_m_strip }, { "lstrip", str_m_lstrip },
		{ "rstrip", str_m_rstrip }, { "find", str_m_find },
		{ "rfind", str_m_rfind }, { "index", str_m_index },
		{ "rindex", str_m_rindex }, { "count", str_m_count },
		{ "startswith", str_m_startswith }, { "endswith", str_m_endswith },
		{ "upper", str_m_upper }, { "lower", str_m_lower },
		{ "title", str_m_title }, { "capitalize", str_m_capitalize },
		{ "swapcase", str_m_swapcase }, { "casefold", str_m_lower },
		{ "isdigit", str_m_isdigit }, { "isdecimal", str_m_isdigit },
		{ "isnumeric", str_m_isdigit }, { "isalpha", str_m_isalpha },
		{ "isalnum", str_m_isalnum }, { "isspace", str_m_isspace },
		{ "isupper", str_m_isupper }, { "islower", str_m_islower },
		{ "istitle", str_m_istitle }, { "isprintable", str_m_isprintable },
		{ "isascii", str_m_isascii }, { "isidentifier", str_m_isidentifier },
		{ "join", str_m_join }, { "split", str_m_split },
		{ "rsplit", str_m_rsplit }, { "splitlines", str_m_splitlines },
		{ "replace", str_m_replace }, { "ljust", str_m_ljust },
		{ "rjust", str_m_rjust }, { "center", str_m_center },
		{ "zfill", str_m_zfill }, { "partition", str_m_partition },
		{ "rpartition", str_m_rpartition }, { "encode", str_m_encode },
		{ "format", str_m_format }, { "removeprefix", str_m_removeprefix },
		{ "removesuffix", str_m_removesuffix },
		{ "expandtabs", str_m_expandtabs },
	};
	size_t i;

	s->ctor = ctor_str;
	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		type_add_method(s, m[i].n, m[i].f);
}
