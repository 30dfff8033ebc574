/*
 * format.c — text formatting as CPython does it: float repr (shortest
 * round-trip), the format-spec mini-language (format(), f-strings,
 * str.format) and printf-style % formatting.
 *
 * It must not know about frames; it calls back into object.c for str/repr
 * of arbitrary values.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"

/* Shortest digits that round-trip: digits in d (no dot), decimal exponent. */
static void
float_shortest(double x, char *digits, int *exp10)
{
	char	buf[64];
	int	prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	{
		char	*e = strchr(buf, 'e');
		char	*p = buf, *o = digits;

		*exp10 = atoi(e + 1);
		if (*p == '-')
			p++;
		for (; p < e; p++)
			if (isdigit((unsigned char)*p))
				*o++ = *p;
		*o = '\0';
		/* Strip trailing zeros (keep one digit). */
		while (o - digits > 1 && o[-1] == '0')
			*--o = '\0';
	}
}

/* repr(float) exactly as CPython (float_repr_style 'short'). */
void
float_repr(double x, struct buf *b)
{
	char	digits[32];
	int	e, nd, i;

	if (isnan(x)) {
		buf_adds(b, "nan");
		return;
	}
	if (isinf(x)) {
		buf_adds(b, x > 0 ? "inf" : "-inf");
		return;
	}
	if (x == 0) {
		buf_adds(b, signbit(x) ? "-0.0" : "0.0");
		return;
	}
	if (x < 0)
		buf_addc(b, '-');
	float_shortest(fabs(x), digits, &e);
	nd = (int)strlen(digits);
	if (e >= -4 && e < 16) {
		if (e < 0) {
			buf_adds(b, "0.");
			for (i = 0; i < -e - 1; i++)
				buf_addc(b, '0');
			buf_adds(b, digits);
		} else {
			for (i = 0; i <= e; i++)
				buf_addc(b, i < nd ? digits[i] : '0');
			buf_addc(b, '.');
			if (nd > e + 1)
				buf_adds(b, digits + e + 1);
			else
				buf_addc(b, '0');
		}
	} else {
		buf_addc(b, digits[0]);
		if (nd > 1) {
			buf_addc(b, '.');
			buf_adds(b, digits + 1);
		}
		buf_printf(b, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	}
}

/* Round x to ndigits decimal places, half-even on the exact value. */
double
round_half_even(double x, int ndigits)
{
	char buf[400];

	if (!isfinite(x))
		return x;
	if (ndigits > 300)
		return x;
	if (ndigits < 0) {
		double p = pow(10.0, -ndigits), y = x / p, r = rint(y);

		if (fabs(y - trunc(y)) == 0.5)
			r = 2.0 * rint(y / 2.0);
		return r * p;
	}
	snprintf(buf, sizeof buf, "%.*f", ndigits, x);
	return strtod(buf, NULL);
}

/* ---- the format-spec mini-language -------------------------------------- */

struct fspec {
	char	fill[5];
	int	filln;
	char	align;		/* < > ^ = or 0 */
	char	sign;		/* + - space or 0 */
	int	alt;
	int	zero;
	int64_t	width;		/* -1 if none */
	char	group;		/* , _ or 0 */
	int64_t	prec;		/* -1 if none */
	char	type;		/* 0 if none */
};

/* Parse a spec; -1 with ValueError on a bad one. */
static int
fspec_parse(struct vm_thread *t, const char *s, int64_t n, struct fspec *f)
{
	int64_t i = 0;

	memset(f, 0, sizeof *f);
	f->width = f->prec = -1;
	f->fill[0] = ' ';
	f->filln = 1;
	/* fill + align: the fill may be a multibyte character. */
	if (n > 0) {
		int64_t cp, cl = utf8_decode(s, n, &cp);

		if (cl < n && strchr("<>^=", s[cl]) != NULL) {
			memcpy(f->fill, s, (size_t)cl);
			f->filln = (int)cl;
			f->align = s[cl];
			i = cl + 1;
		} else if (strchr("<>^=", s[0]) != NULL) {
			f->align = s[0];
			i = 1;
		}
	}
	if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
		f->sign = s[i++];
	if (i < n && s[i] == 'z')
		i++;
	if (i < n && s[i] == '#') {
		f->alt = 1;
		i++;
	}
	if (i < n && s[i] == '0') {
		f->zero = 1;
		i++;
	}
	if (i < n && isdigit((unsigned char)s[i])) {
		f->width = 0;
		while (i < n && isdigit((unsigned char)s[i]))
			f->width = f->width * 10 + (s[i++] - '0');
	}
	if (i < n && (s[i] == ',' || s[i] == '_'))
		f->group = s[i++];
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || !isdigit((unsigned char)s[i])) {
			vm_raise(t, EXC(ValueError), "Format specifier missing precision");
			return -1;
		}
		f->prec = 0;
		while (i < n && isdigit((unsigned char)s[i]))
			f->prec = f->prec * 10 + (s[i++] - '0');
	}
	if (i < n)
		f->type = s[i++];
	if (i < n) {
		vm_raise(t, EXC(ValueError), "Invalid format specifier '%.*s' for object of type '%s'",
		    (int)n, s, "str");
		return -1;
	}
	if (f->zero && f->align == 0) {
		f->fill[0] = '0';
		f->filln = 1;
		f->align = '=';
	}
	return 0;
}

/* Insert grouping separators into a run of digits. */
static void
group_digits(struct buf *out, const char *d, int64_t n, char sep, int every)
{
	int64_t i;

	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % every == 0)
			buf_addc(out, sep);
		buf_addc(out, d[i]);
	}
}

/* Pad body (with an optional sign/prefix) to the width. */
static void
fspec_pad(struct fspec *f, const char *prefix, const char *body, int64_t bodylen,
    int64_t bodychars, char defalign, struct buf *out)
{
	int64_t plen = (int64_t)strlen(prefix);
	int64_t total = plen + bodychars, pad, left, i;
	char align = f->align ? f->align : defalign;

	pad = f->width > total ? f->width - total : 0;
	if (align == '=') {
		buf_adds(out, prefix);
		for (i = 0; i < pad; i++)
			buf_add(out, f->fill, (size_t)f->filln);
		buf_add(out, body, (size_t)bodylen);
		return;
	}
	left = align == '<' ? 0 : align == '>' ? pad : pad / 2;
	for (i = 0; i < left; i++)
		buf_add(out, f->fill, (size_t)f->filln);
	buf_adds(out, prefix);
	buf_add(out, body, (size_t)bodylen);
	for (i = 0; i < pad - left; i++)
		buf_add(out, f->fill, (size_t)f->filln);
}

/* Format an integer. */
static int
format_int(struct vm_thread *t, int64_t v, struct fspec *f, struct buf *out)
{
	char		 digits[80], prefix[8] = "";
	int		 nd = 0, base = 10, upper = 0;
	uint64_t	 u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	struct buf	 body;

	switch (f->type) {
	case 0: case 'd': case 'n': base = 10; break;
	case 'b': base = 2; break;
	case 'o': base = 8; break;
	case 'x': base = 16; break;
	case 'X': base = 16; upper = 1; break;
	case 'c':
		{
			char ch[4];
			int n;

			if (v < 0 || v > 0x10ffff) {
				vm_raise(t, EXC(OverflowError),
				    "%%c arg not in range(0x110000)");
				return -1;
			}
			n = utf8_encode(ch, (uint32_t)v);
			fspec_pad(f, "", ch, n, 1, '<', out);
			return 0;
		}
	default:
		vm_raise(t, EXC(ValueError),
		    "Unknown format code '%c' for object of type 'int'", f->type);
		return -1;
	}
	if (f->prec >= 0) {
		vm_raise(t, EXC(ValueError),
		    "Precision not allowed in integer format specifier");
		return -1;
	}
	do {
		int d = (int)(u % (uint64_t)base);

		digits[nd++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
		u /= (uint64_t)base;
	} while (u > 0);
	{
		int i;

		for (i = 0; i < nd / 2; i++) {
			char c = digits[i];

			digits[i] = digits[nd - 1 - i];
			digits[nd - 1 - i] = c;
		}
	}
	if (v < 0)
		strcat(prefix, "-");
	else if (f->sign == '+')
		strcat(prefix, "+");
	else if (f->sign == ' ')
		strcat(prefix, " ");
	if (f->alt && base != 10)
		strcat(prefix, base == 2 ? "0b" : base == 8 ? "0o" :
		    upper ? "0X" : "0x");
	buf_init(&body);
	if (f->group) {
		int every = base == 10 ? 3 : 4;

		if (f->group == ',' && base != 10) {
			buf_fini(&body);
			vm_raise(t, EXC(ValueError), "Cannot specify ',' with '%c'.",
			    f->type);
			return -1;
		}
		/* Zero padding with grouping groups the padding too. */
		if (f->align == '=' && f->fill[0] == '0' && f->width > 0) {
			int64_t want = f->width - (int64_t)strlen(prefix);
			char zd[200];
			int64_t n = nd, i;

			memcpy(zd, digits, (size_t)nd);
			while (n + (n - 1) / every < want && n < 150) {
				memmove(zd + 1, zd, (size_t)n);
				zd[0] = '0';
				n++;
			}
			for (i = 0; i < 1; i++)
				;
			group_digits(&body, zd, n, f->group, every);
		} else
			group_digits(&body, digits, nd, f->group, every);
	} else
		buf_add(&body, digits, (size_t)nd);
	fspec_pad(f, prefix, body.data, (int64_t)body.len, (int64_t)body.len, '>',
	    out);
	buf_fini(&body);
	return 0;
}

/* Format a float. */
static int
format_float(struct vm_thread *t, double v, struct fspec *f, struct buf *out)
{
	char		 type = f->type, prefix[4] = "";
	struct buf	 num, body;
	int64_t		 prec = f->prec;
	int		 neg = signbit(v) && !isnan(v);
	double		 a = fabs(v);

	switch (type) {
	case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
	case '%': case 'n':
		break;
	default:
		vm_raise(t, EXC(ValueError),
		    "Unknown format code '%c' for object of type 'float'", type);
		return -1;
	}
	buf_init(&num);
	if (!isfinite(a)) {
		int up = type == 'E' || type == 'F' || type == 'G';

		buf_adds(&num, isnan(a) ? (up ? "NAN" : "nan") : (up ? "INF" : "inf"));
		if (type == '%')
			buf_addc(&num, '%');
	} else if (type == 0 && prec < 0) {
		float_repr(a, &num);
	} else {
		char	tmp[512];
		int	p = prec < 0 ? 6 : (int)(prec > 300 ? 300 : prec);

		switch (type) {
		case 'e': case 'E':
			snprintf(tmp, sizeof tmp, f->alt ? "%#.*e" : "%.*e", p, a);
			break;
		case 'f': case 'F':
			snprintf(tmp, sizeof tmp, f->alt ? "%#.*f" : "%.*f", p, a);
			break;
		case '%':
			snprintf(tmp, sizeof tmp, f->alt ? "%#.*f%%" : "%.*f%%", p,
			    a * 100);
			break;
		case 'g': case 'G': case 'n':
			if (p == 0)
				p = 1;
			snprintf(tmp, sizeof tmp, f->alt ? "%#.*g" : "%.*g", p, a);
			break;
		default:
			/* No type, with precision: like g, keeping a ".0",
			 * switching to exponent notation one digit earlier. */
			if (p == 0)
				p = 1;
			{
				char	 e[64], *q;
				int	 decpt;

				snprintf(e, sizeof e, "%.*e", p - 1, a);
				decpt = atoi(strchr(e, 'e') + 1) + 1;
				if (decpt <= -4 || decpt > p - 1) {
					char *ep = strchr(e, 'e'), *m = ep;

					if (strchr(e, '.') != NULL) {
						while (m[-1] == '0')
							m--;
						if (m[-1] == '.')
							m--;
					}
					snprintf(tmp, sizeof tmp, "%.*s%s",
					    (int)(m - e), e, ep);
				} else {
					snprintf(tmp, sizeof tmp, "%.*f", p - decpt, a);
					if (strchr(tmp, '.') != NULL) {
						q = tmp + strlen(tmp);
						while (q[-1] == '0')
							*--q = '\0';
						if (q[-1] == '.')
							*--q = '\0';
					}
					if (strchr(tmp, '.') == NULL)
						strcat(tmp, ".0");
				}
			}
			break;
		}
		if (type == 'E' || type == 'G')
			for (char *q = tmp; *q; q++)
				*q = (char)toupper((unsigned char)*q);
		buf_adds(&num, tmp);
	}
	if (neg)
		strcpy(prefix, "-");
	else if (f->sign == '+')
		strcpy(prefix, "+");
	else if (f->sign == ' ')
		strcpy(prefix, " ");
	buf_init(&body);
	if (f->group && isfinite(a)) {
		const char *s = num.data, *dot = s;

		while (*dot && isdigit((unsigned char)*dot))
			dot++;
		if (f->align == '=' && f->fill[0] == '0' && f->width > 0) {
			int64_t want = f->width - (int64_t)strlen(prefix) -
			    (int64_t)strlen(dot);
			char zd[400];
			int64_t n = dot - s;

			memcpy(zd, s, (size_t)n);
			while (n + (n - 1) / 3 < want && n < 300) {
				memmove(zd + 1, zd, (size_t)n);
				zd[0] = '0';
				n++;
			}
			group_digits(&body, zd, n, f->group, 3);
		} else
			group_digits(&body, s, dot - s, f->group, 3);
		buf_adds(&body, dot);
	} else
		buf_add(&body, num.data, num.len);
	fspec_pad(f, prefix, body.data, (int64_t)body.len, (int64_t)body.len, '>',
	    out);
	buf_fini(&num);
	buf_fini(&body);
	return 0;
}

/* Apply a format spec to a builtin value; -1 on error. */
int
format_spec_apply(struct vm_thread *t, struct val v, const char *spec,
    int64_t speclen, struct buf *out)
{
	struct fspec f;

	if (fspec_parse(t, spec, speclen, &f) < 0)
		return -1;
	if (v.tag == V_INT || v.tag == V_BOOL) {
		if (f.type && strchr("eEfFgG%", f.type) != NULL)
			return format_float(t, (double)v.u.i, &f, out);
		if (v.tag == V_BOOL && speclen == 0) {
			buf_adds(out, v.u.i ? "True" : "False");
			return 0;
		}
		return format_int(t, v.u.i, &f, out);
	}
	if (v.tag == V_FLOAT)
		return format_float(t, v.u.f, &f, out);
	if (IS_STR(v)) {
		struct str	*s = VAL_AS(str, v);
		int64_t		 n = s->len, nch = s->nchars;

		if (f.type != 0 && f.type != 's') {
			vm_raise(t, EXC(ValueError),
			    "Unknown format code '%c' for object of type 'str'",
			    f.type);
			return -1;
		}
		if (f.sign) {
			vm_raise(t, EXC(ValueError),
			    "Sign not allowed in string format specifier");
			return -1;
		}
		if (f.group) {
			vm_raise(t, EXC(ValueError), "Cannot specify '%c' with 's'.",
			    f.group);
			return -1;
		}
		if (f.align == '=') {
			vm_raise(t, EXC(ValueError),
			    "'=' alignment not allowed in string format specifier");
			return -1;
		}
		if (f.prec >= 0 && f.prec < nch) {
			int64_t i = 0, k = 0, cp;

			while (k < f.prec && i < s->len) {
				i += utf8_decode(s->data + i, s->len - i, &cp);
				k++;
			}
			n = i;
			nch = f.prec;
		}
		fspec_pad(&f, "", s->data, n, nch, '<', out);
		return 0;
	}
	if (v.tag == V_NONE || v.tag == V_OBJ) {
		struct val s;

		if (speclen > 0) {
			vm_raise(t, EXC(TypeError),
			    "unsupported format string passed to %s.__format__",
			    val_type_name(v));
			return -1;
		}
		s = obj_str(t, v);
		if (s.tag == V_NULL)
			return -1;
		buf_add(out, VAL_AS(str, s)->data, (size_t)VAL_AS(str, s)->len);
		val_decref(s);
		return 0;
	}
	return 0;
}

/* format(v, spec): __format__ for user types, else the mini-language. */
struct val
obj_format(struct vm_thread *t, struct val v, struct str *spec)
{
	struct buf	b;
	struct type	*tp = val_type(v);

	if (tp->flags & TF_USER) {
		struct val m = type_lookup_cstr(tp, "__format__");

		if (val_is_obj(m, L_FUNC)) {
			struct val a[2], r;

			a[0] = v;
			a[1] = spec ? val_obj(spec) : val_obj(INTERP->empty_str);
			r = vm_call(t, m, a, 2, NULL);
			if (r.tag != V_NULL && !IS_STR(r)) {
				val_decref(r);
				return vm_raise(t, EXC(TypeError),
				    "__format__ must return a str, not %s",
				    val_type_name(r));
			}
			return r;
		}
	}
	if (spec == NULL || spec->len == 0)
		return obj_str(t, v);
	buf_init(&b);
	if (format_spec_apply(t, v, spec->data, spec->len, &b) < 0) {
		buf_fini(&b);
		return val_null();
	}
	return val_obj(str_from_buf(&b));
}

/* ---- str.format --------------------------------------------------------- */

/* Resolve "name.attr[key]" against args/kwargs. */
static struct val
format_field(struct vm_thread *t, const char *s, int64_t n, struct val *args,
    int nargs, struct dict *kw, int *autoidx)
{
	int64_t		 i = 0;
	struct val	 cur;

	while (i < n && s[i] != '.' && s[i] != '[')
		i++;
	if (i == 0) {
		if (*autoidx < 0)
			return vm_raise(t, EXC(ValueError),
			    "cannot switch from manual field specification to automatic field numbering");
		if (*autoidx >= nargs)
			return vm_raise(t, EXC(IndexError),
			    "Replacement index %d out of range for positional args tuple",
			    *autoidx);
		cur = val_dup(args[(*autoidx)++]);
	} else if (isdigit((unsigned char)s[0])) {
		int64_t idx = strtoll(s, NULL, 10);

		if (*autoidx > 0)
			return vm_raise(t, EXC(ValueError),
			    "cannot switch from automatic field numbering to manual field specification");
		*autoidx = -1;
		if (idx >= nargs)
			return vm_raise(t, EXC(IndexError),
			    "Replacement index %lld out of range for positional args tuple",
			    (long long)idx);
		cur = val_dup(args[idx]);
	} else {
		struct str *k = str_new(s, (size_t)i);
		struct val v = kw ? dict_get_str(kw, k) : val_null();

		if (v.tag == V_NULL) {
			struct val kv = val_obj(k);

			vm_raise_val(t, exc_new(EXC(KeyError), &kv, 1));
			OBJ_DECREF(k);
			return val_null();
		}
		OBJ_DECREF(k);
		cur = val_dup(v);
	}
	while (i < n) {
		struct val next;

		if (s[i] == '.') {
			int64_t j = ++i;
			struct str *nm;

			while (i < n && s[i] != '.' && s[i] != '[')
				i++;
			nm = str_new(s + j, (size_t)(i - j));
			next = obj_getattr(t, cur, nm);
			OBJ_DECREF(nm);
		} else {
			int64_t j = ++i;
			struct val key;

			while (i < n && s[i] != ']')
				i++;
			if (j < i && isdigit((unsigned char)s[j]))
				key = val_int(strtoll(s + j, NULL, 10));
			else
				key = val_obj(str_new(s + j, (size_t)(i - j)));
			i++;
			next = obj_getitem(t, cur, key);
			val_decref(key);
		}
		val_decref(cur);
		if (next.tag == V_NULL)
			return next;
		cur = next;
	}
	return cur;
}

static struct val str_format_depth(struct vm_thread *, const char *, int64_t,
    struct val *, int, struct dict *, int *, int);

/* The body of str.format with an explicit auto-numbering counter. */
static struct val
str_format_depth(struct vm_thread *t, const char *s, int64_t n, struct val *args,
    int nargs, struct dict *kw, int *autoidx, int depth)
{
	struct buf	b;
	int64_t		i = 0;

	if (depth > 2)
		return vm_raise(t, EXC(ValueError), "Max string recursion exceeded");
	buf_init(&b);
	while (i < n) {
		char c = s[i];

		if (c == '{' && i + 1 < n && s[i + 1] == '{') {
			buf_addc(&b, '{');
			i += 2;
			continue;
		}
		if (c == '}' && i + 1 < n && s[i + 1] == '}') {
			buf_addc(&b, '}');
			i += 2;
			continue;
		}
		if (c == '}') {
			buf_fini(&b);
			return vm_raise(t, EXC(ValueError),
			    "Single '}' encountered in format string");
		}
		if (c != '{') {
			buf_addc(&b, c);
			i++;
			continue;
		}
		{
			int64_t		 start = ++i, fend, nest = 0, sstart = -1;
			char		 conv = 0;
			struct val	 v, r;

			if (start >= n) {
				buf_fini(&b);
				return vm_raise(t, EXC(ValueError),
				    "Single '{' encountered in format string");
			}

			while (i < n && s[i] != '}' && s[i] != '!' && s[i] != ':') {
				if (s[i] == '[')
					while (i < n && s[i] != ']')
						i++;
				i++;
			}
			fend = i;
			if (i < n && s[i] == '!') {
				if (i + 1 >= n) {
					buf_fini(&b);
					return vm_raise(t, EXC(ValueError),
					    "end of string while looking for conversion specifier");
				}
				conv = s[i + 1];
				i += 2;
				if (conv != 'r' && conv != 's' && conv != 'a') {
					buf_fini(&b);
					return vm_raise(t, EXC(ValueError),
					    "Unknown conversion specifier %c", conv);
				}
			}
			if (i < n && s[i] == ':') {
				sstart = ++i;
				while (i < n) {
					if (s[i] == '{')
						nest++;
					else if (s[i] == '}') {
						if (nest == 0)
							break;
						nest--;
					}
					i++;
				}
			}
			if (i >= n || s[i] != '}') {
				buf_fini(&b);
				return vm_raise(t, EXC(ValueError),
				    "expected '}' before end of string");
			}
			v = format_field(t, s + start, fend - start, args, nargs, kw,
			    autoidx);
			if (v.tag == V_NULL) {
				buf_fini(&b);
				return v;
			}
			if (conv == 's')
				r = obj_str(t, v);
			else if (conv)
				r = obj_repr(t, v);
			else
				r = val_dup(v);
			val_decref(v);
			if (r.tag == V_NULL) {
				buf_fini(&b);
				return r;
			}
			{
				struct val spec = val_null(), out;

				if (sstart >= 0) {
					spec = str_format_depth(t, s + sstart, i - sstart,
					    args, nargs, kw, autoidx, depth + 1);
					if (spec.tag == V_NULL) {
						val_decref(r);
						buf_fini(&b);
						return spec;
					}
				}
				out = obj_format(t, r, spec.tag != V_NULL ?
				    VAL_AS(str, spec) : NULL);
				val_decref(spec);
				val_decref(r);
				if (out.tag == V_NULL) {
					buf_fini(&b);
					return out;
				}
				buf_add(&b, VAL_AS(str, out)->data,
				    (size_t)VAL_AS(str, out)->len);
				val_decref(out);
			}
			i++;
		}
	}
	return val_obj(str_from_buf(&b));
}

struct val
str_format(struct vm_thread *t, struct str *fmt, struct val *args, int nargs,
    struct dict *kw)
{
	int autoidx = 0;

	return str_format_depth(t, fmt->data, fmt->len, args, nargs, kw,
	    &autoidx, 0);
}

/* ---- printf-style % ----------------------------------------------------- */

struct val
str_percent(struct vm_thread *t, struct str *fmt, struct val argv)
{
	struct buf	 b;
	struct val	*args, single = argv;
	int64_t		 nargs, ai = 0, i = 0;
	struct dict	*map = NULL;
	const char	*s = fmt->data;
	int64_t		 n = fmt->len;

	if (IS_TUPLE(argv)) {
		args = VAL_AS(tuple, argv)->items;
		nargs = VAL_AS(tuple, argv)->len;
	} else {
		args = &single;
		nargs = 1;
		if (IS_DICT(argv))
			map = VAL_AS(dict, argv);
	}
	buf_init(&b);
	while (i < n) {
		char		 flags[8] = "", conv;
		int		 nf = 0;
		int64_t		 width = -1, prec = -1;
		struct val	 v;

		if (s[i] != '%') {
			buf_addc(&b, s[i++]);
			continue;
		}
		i++;
		if (i < n && s[i] == '%') {
			buf_addc(&b, '%');
			i++;
			continue;
		}
		v = val_null();
		if (i < n && s[i] == '(') {
			int64_t j = ++i;
			struct str *k;

			while (i < n && s[i] != ')')
				i++;
			if (map == NULL) {
				buf_fini(&b);
				return vm_raise(t, EXC(TypeError),
				    "format requires a mapping");
			}
			k = str_new(s + j, (size_t)(i - j));
			v = dict_get_str(map, k);
			if (v.tag == V_NULL) {
				struct val kv = val_obj(k);

				vm_raise_val(t, exc_new(EXC(KeyError), &kv, 1));
				OBJ_DECREF(k);
				buf_fini(&b);
				return val_null();
			}
			OBJ_DECREF(k);
			i++;
		}
		while (i < n && strchr("-+ 0#", s[i]) != NULL && nf < 6)
			flags[nf++] = s[i++];
		if (i < n && s[i] == '*') {
			if (ai >= nargs || args[ai].tag != V_INT) {
				buf_fini(&b);
				return vm_raise(t, EXC(TypeError), "* wants int");
			}
			width = args[ai++].u.i;
			i++;
		} else if (i < n && isdigit((unsigned char)s[i])) {
			width = 0;
			while (i < n && isdigit((unsigned char)s[i]))
				width = width * 10 + (s[i++] - '0');
		}
		if (i < n && s[i] == '.') {
			i++;
			prec = 0;
			if (i < n && s[i] == '*') {
				if (ai >= nargs || args[ai].tag != V_INT) {
					buf_fini(&b);
					return vm_raise(t, EXC(TypeError), "* wants int");
				}
				prec = args[ai++].u.i;
				i++;
			} else
				while (i < n && isdigit((unsigned char)s[i]))
					prec = prec * 10 + (s[i++] - '0');
		}
		if (i >= n) {
			buf_fini(&b);
			return vm_raise(t, EXC(ValueError), "incomplete format");
		}
		conv = s[i++];
		if (v.tag == V_NULL) {
			if (ai >= nargs) {
				buf_fini(&b);
				return vm_raise(t, EXC(TypeError),
				    "not enough arguments for format string");
			}
			v = args[ai++];
		}
		{
			struct buf	 spec;
			struct val	 conv_v = val_null();
			int		 rc, k;

			buf_init(&spec);
			if (strchr(flags, '-') != NULL)
				buf_addc(&spec, '<');
			else if (strchr(flags, '0') == NULL || conv == 's' ||
			    conv == 'r' || conv == 'a' || conv == 'c')
				buf_addc(&spec, '>');
			for (k = 0; k < nf; k++)
				if (flags[k] == '+' || flags[k] == ' ')
					buf_addc(&spec, flags[k]);
			for (k = 0; k < nf; k++)
				if (flags[k] == '#')
					buf_addc(&spec, '#');
			if (strchr(flags, '0') && !strchr(flags, '-') &&
			    conv != 's' && conv != 'r' && conv != 'a')
				buf_addc(&spec, '0');
			if (width >= 0)
				buf_printf(&spec, "%lld", (long long)width);
			switch (conv) {
			case 's': case 'r': case 'a':
				conv_v = conv == 's' ? obj_str(t, v) : obj_repr(t, v);
				if (conv_v.tag == V_NULL) {
					buf_fini(&spec);
					buf_fini(&b);
					return conv_v;
				}
				if (prec >= 0)
					buf_printf(&spec, ".%lld", (long long)prec);
				rc = format_spec_apply(t, conv_v, spec.data ? spec.data : "",
				    (int64_t)spec.len, &b);
				val_decref(conv_v);
				break;
			case 'd': case 'i': case 'u':
				if (v.tag == V_FLOAT)
					v = val_int((int64_t)v.u.f);
				if (v.tag != V_INT && v.tag != V_BOOL) {
					buf_fini(&spec);
					buf_fini(&b);
					return vm_raise(t, EXC(TypeError),
					    "%%%c format: a real number is required, not %s",
					    conv, val_type_name(v));
				}
				buf_addc(&spec, 'd');
				rc = format_spec_apply(t, val_int(v.u.i), spec.data,
				    (int64_t)spec.len, &b);
				break;
			case 'x': case 'X': case 'o':
				if (v.tag != V_INT && v.tag != V_BOOL) {
					buf_fini(&spec);
					buf_fini(&b);
					return vm_raise(t, EXC(TypeError),
					    "%%%c format: an integer is required, not %s",
					    conv, val_type_name(v));
				}
				buf_addc(&spec, conv);
				rc = format_spec_apply(t, val_int(v.u.i), spec.data,
				    (int64_t)spec.len, &b);
				break;
			case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
				{
					double d;

					if (arg_float(t, v, &d) < 0) {
						vm_clear_exc(t);
						buf_fini(&spec);
						buf_fini(&b);
						return vm_raise(t, EXC(TypeError),
						    "must be real number, not %s",
						    val_type_name(v));
					}
					buf_printf(&spec, ".%lld%c",
					    (long long)(prec >= 0 ? prec : 6), conv);
					rc = format_spec_apply(t, val_float(d), spec.data,
					    (int64_t)spec.len, &b);
				}
				break;
			case 'c':
				if ((IS_STR(v) && VAL_AS(str, v)->nchars != 1) ||
				    (!IS_STR(v) && v.tag != V_INT && v.tag != V_BOOL)) {
					buf_fini(&spec);
					buf_fini(&b);
					return vm_raise(t, EXC(TypeError),
					    "%%c requires int or char");
				}
				if (IS_STR(v))
					rc = format_spec_apply(t, v, spec.data ?
					    spec.data : "", (int64_t)spec.len, &b);
				else {
					buf_addc(&spec, 'c');
					rc = format_spec_apply(t, v, spec.data,
					    (int64_t)spec.len, &b);
				}
				break;
			default:
				buf_fini(&spec);
				buf_fini(&b);
				return vm_raise(t, EXC(ValueError),
				    "unsupported format character '%c' (0x%x) at index %lld",
				    conv, (unsigned)(unsigned char)conv, (long long)(i - 1));
			}
			buf_fini(&spec);
			if (rc < 0) {
				buf_fini(&b);
				return val_null();
			}
		}
	}
	if (ai < nargs && map == NULL) {
		buf_fini(&b);
		return vm_raise(t, EXC(TypeError),
		    "not all arguments converted during string formatting");
	}
	return val_obj(str_from_buf(&b));
}
