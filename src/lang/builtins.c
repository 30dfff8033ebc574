/*
 * builtins.c — the builtins module (print, len, sorted, int, ...), the
 * methods of object, type, int, float, exceptions and generators, and the
 * interpreter's creation and teardown.
 *
 * Output goes through vm_write_out() so that it is also traced. This file
 * must not dispatch bytecode.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "trace/event.h"


/* Write program output to fd 1 or 2 (and the trace). */
void
vm_write_out(struct vm_thread *t, int fd, const char *s, size_t n)
{
	FILE *fp = fd == 2 ? stderr : stdout;

	if (fd == 2)
		fflush(stdout);
	fwrite(s, 1, n, fp);
	if (fd == 2)
		fflush(stderr);
	vm_trace_output(t, fd, s, n);
}

/* The fd of a sys.stdout/sys.stderr object, or -1. */
static int
stream_fd(struct val f)
{
	struct val fd;

	if (!val_is_obj(f, L_INST) || VAL_AS(instance, f)->dict == NULL)
		return -1;
	if (strcmp(f.u.o->type->name, "TextIOWrapper") != 0)
		return -1;
	fd = dict_get_cstr(VAL_AS(instance, f)->dict, "_fd");
	return fd.tag == V_INT ? (int)fd.u.i : -1;
}

/* ---- print and input ---------------------------------------------------- */

static struct val
bi_print(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	 sep = kw_get(kw, "sep"), end = kw_get(kw, "end");
	struct val	 file = kw_get(kw, "file"), flush = kw_get(kw, "flush");
	struct buf	 b;
	int		 i, fd = 1;

	if (kw != NULL) {
		int64_t pos = 0;
		struct val k, v;

		while (dict_next(kw, &pos, &k, &v)) {
			const char *n = VAL_AS(str, k)->data;

			if (strcmp(n, "sep") && strcmp(n, "end") && strcmp(n, "file") &&
			    strcmp(n, "flush"))
				return vm_raise(t, EXC(TypeError),
				    "'%s' is an invalid keyword argument for print()", n);
		}
	}
	if (sep.tag != V_NULL && sep.tag != V_NONE && !IS_STR(sep))
		return vm_raise(t, EXC(TypeError),
		    "sep must be None or a string, not %s", val_type_name(sep));
	if (end.tag != V_NULL && end.tag != V_NONE && !IS_STR(end))
		return vm_raise(t, EXC(TypeError),
		    "end must be None or a string, not %s", val_type_name(end));
	buf_init(&b);
	for (i = 0; i < nargs; i++) {
		struct val s;

		if (i > 0) {
			if (IS_STR(sep))
				buf_add(&b, VAL_AS(str, sep)->data,
				    (size_t)VAL_AS(str, sep)->len);
			else
				buf_addc(&b, ' ');
		}
		s = obj_str(t, args[i]);
		if (s.tag == V_NULL) {
			buf_fini(&b);
			return s;
		}
		buf_add(&b, VAL_AS(str, s)->data, (size_t)VAL_AS(str, s)->len);
		val_decref(s);
	}
	if (IS_STR(end))
		buf_add(&b, VAL_AS(str, end)->data, (size_t)VAL_AS(str, end)->len);
	else
		buf_addc(&b, '\n');
	if (file.tag != V_NULL && file.tag != V_NONE) {
		fd = stream_fd(file);
		if (fd < 0) {
			struct val s = val_obj(str_new(b.data ? b.data : "", b.len));
			struct val r = obj_call_method(t, file, "write", &s, 1);

			val_decref(s);
			buf_fini(&b);
			if (r.tag == V_NULL)
				return r;
			val_decref(r);
			return val_none();
		}
	}
	vm_write_out(t, fd, b.data ? b.data : "", b.len);
	if (flush.tag != V_NULL && obj_truth(t, flush) > 0)
		fflush(fd == 2 ? stderr : stdout);
	buf_fini(&b);
	return val_none();
}

static struct val
bi_input(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	(void)kw;
	if (arg_count(t, "input", nargs, 0, 1) < 0)
		return val_null();
	if (nargs > 0) {
		struct val s = obj_str(t, args[0]);

		if (s.tag == V_NULL)
			return s;
		vm_write_out(t, 1, VAL_AS(str, s)->data, (size_t)VAL_AS(str, s)->len);
		val_decref(s);
	}
	fflush(stdout);
	vm_block_begin(t, TRACE_WHY_INPUT, 0, 0);
	n = getline(&line, &cap, stdin);
	vm_block_end(t);
	if (n < 0) {
		free(line);
		return vm_raise(t, EXC(EOFError), "EOF when reading a line");
	}
	if (n > 0 && line[n - 1] == '\n')
		n--;
	{
		struct str *s = str_new(line, (size_t)n);

		free(line);
		return val_obj(s);
	}
}

/* ---- simple builtins ---------------------------------------------------- */

static struct val
bi_len(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t n;

	(void)kw;
	if (nargs != 1)
		return vm_raise(t, EXC(TypeError),
		    "len() takes exactly one argument (%d given)", nargs);
	n = obj_len(t, args[0]);
	return n < 0 ? val_null() : val_int(n);
}

static struct val
bi_repr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (nargs != 1)
		return vm_raise(t, EXC(TypeError),
		    "repr() takes exactly one argument (%d given)", nargs);
	return obj_repr(t, args[0]);
}

static struct val
bi_ascii(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	r;
	struct buf	b;
	int64_t		i, cp;
	struct str	*s;

	(void)kw;
	if (arg_count(t, "ascii", nargs, 1, 1) < 0)
		return val_null();
	r = obj_repr(t, args[0]);
	if (r.tag == V_NULL)
		return r;
	s = VAL_AS(str, r);
	buf_init(&b);
	for (i = 0; i < s->len; ) {
		int64_t n = utf8_decode(s->data + i, s->len - i, &cp);

		if (cp < 128)
			buf_addc(&b, (char)cp);
		else if (cp < 256)
			buf_printf(&b, "\\x%02x", (unsigned)cp);
		else if (cp < 0x10000)
			buf_printf(&b, "\\u%04x", (unsigned)cp);
		else
			buf_printf(&b, "\\U%08x", (unsigned)cp);
		i += n;
	}
	val_decref(r);
	return val_obj(str_from_buf(&b));
}

static struct val
bi_abs(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "abs", nargs, 1, 1) < 0)
		return val_null();
	if (args[0].tag == V_INT || args[0].tag == V_BOOL) {
		if (args[0].u.i == INT64_MIN)
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
		return val_int(args[0].u.i < 0 ? -args[0].u.i : args[0].u.i);
	}
	if (args[0].tag == V_FLOAT)
		return val_float(fabs(args[0].u.f));
	{
		struct val m = type_lookup_cstr(val_type(args[0]), "__abs__");

		if (val_is_obj(m, L_FUNC))
			return vm_call(t, m, args, 1, NULL);
	}
	return vm_raise(t, EXC(TypeError), "bad operand type for abs(): '%s'",
	    val_type_name(args[0]));
}

static struct val
bi_round(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	nd = nargs > 1 ? args[1] : kw_get(kw, "ndigits");
	int64_t		n = 0;

	if (arg_count(t, "round", nargs, 1, 2) < 0)
		return val_null();
	if (nd.tag != V_NULL && nd.tag != V_NONE && val_to_index(t, nd, &n) < 0)
		return val_null();
	if (args[0].tag == V_INT || args[0].tag == V_BOOL) {
		int64_t x = args[0].u.i, p = 1, q, r;
		int i;

		if (nd.tag == V_NULL || nd.tag == V_NONE || n >= 0)
			return val_int(x);
		if (n < -18)
			return val_int(0);
		for (i = 0; i < -n; i++)
			p *= 10;
		q = x / p;
		r = x % p;
		if (r < 0) {
			r += p;
			q--;
		}
		if (2 * r > p || (2 * r == p && (q & 1)))
			q++;
		return val_int(q * p);
	}
	if (args[0].tag == V_FLOAT) {
		double x = args[0].u.f;

		if (nd.tag == V_NULL || nd.tag == V_NONE) {
			double r;

			if (isnan(x))
				return vm_raise(t, EXC(ValueError),
				    "cannot convert float NaN to integer");
			if (isinf(x))
				return vm_raise(t, EXC(OverflowError),
				    "cannot convert float infinity to integer");
			r = rint(x);
			if (fabs(r) >= 9.2233720368547758e18)
				return vm_raise(t, EXC(OverflowError),
				    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
			return val_int((int64_t)r);
		}
		return val_float(round_half_even(x, (int)(n < -400 ? -400 :
		    n > 400 ? 400 : n)));
	}
	{
		struct val m = type_lookup_cstr(val_type(args[0]), "__round__");

		if (val_is_obj(m, L_FUNC))
			return vm_call(t, m, args, nargs, NULL);
	}
	return vm_raise(t, EXC(TypeError),
	    "type %s doesn't define __round__ method", val_type_name(args[0]));
}

static struct val
bi_divmod(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val q, r;

	(void)kw;
	if (arg_count(t, "divmod", nargs, 2, 2) < 0)
		return val_null();
	if ((args[0].tag == V_FLOAT || args[1].tag == V_FLOAT) &&
	    (args[1].tag == V_FLOAT || args[1].tag == V_INT ||
	    args[1].tag == V_BOOL) && (args[1].tag == V_FLOAT ? args[1].u.f == 0 :
	    args[1].u.i == 0) && (args[0].tag == V_FLOAT || args[0].tag == V_INT ||
	    args[0].tag == V_BOOL))
		return vm_raise(t, EXC(ZeroDivisionError), "float divmod()");
	q = obj_binop(t, OP_FLOORDIV, args[0], args[1], 0);
	if (q.tag == V_NULL) {
		if (vm_exc_matches(t, EXC(TypeError)) && strncmp(VAL_AS(str,
		    VAL_AS(exc, t->exc)->args->items[0])->data,
		    "unsupported operand", 19) == 0) {
			vm_clear_exc(t);
			vm_raise(t, EXC(TypeError),
			    "unsupported operand type(s) for divmod(): '%s' and '%s'",
			    val_type_name(args[0]), val_type_name(args[1]));
		}
		return q;
	}
	r = obj_binop(t, OP_MOD, args[0], args[1], 0);
	if (r.tag == V_NULL) {
		val_decref(q);
		return r;
	}
	{
		struct tuple *tu = tuple_new(2);

		tu->items[0] = q;
		tu->items[1] = r;
		return val_obj(tu);
	}
}

static struct val
bi_pow(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "pow", nargs, 2, 3) < 0)
		return val_null();
	if (nargs == 3 && args[2].tag != V_NONE) {
		int64_t b, e, m, r = 1;

		if (args[0].tag != V_INT || args[1].tag != V_INT ||
		    args[2].tag != V_INT)
			return vm_raise(t, EXC(TypeError),
			    "pow() 3rd argument not allowed unless all arguments are integers");
		b = args[0].u.i;
		e = args[1].u.i;
		m = args[2].u.i;
		if (m == 0)
			return vm_raise(t, EXC(ValueError),
			    "pow() 3rd argument cannot be 0");
		if (e < 0)
			return vm_raise(t, EXC(ValueError),
			    "base is not invertible for the given modulus");
		b %= m;
		if (b < 0)
			b += m < 0 ? -m : m;
		while (e > 0) {
			if (e & 1)
				r = (int64_t)(((__int128)r * b) % m);
			b = (int64_t)(((__int128)b * b) % m);
			e >>= 1;
		}
		if (r != 0 && ((r < 0) != (m < 0)))
			r += m;
		return val_int(r);
	}
	return obj_binop(t, OP_POW, args[0], args[1], 0);
}

static struct val
bi_hash(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t h;

	(void)kw;
	if (arg_count(t, "hash", nargs, 1, 1) < 0)
		return val_null();
	h = obj_hash(t, args[0]);
	if (h == -1 && t->exc.tag != V_NULL)
		return val_null();
	return val_int(h);
}

static struct val
bi_id(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "id", nargs, 1, 1) < 0)
		return val_null();
	if (args[0].tag == V_OBJ)
		return val_int((int64_t)(uintptr_t)args[0].u.o);
	return val_int((int64_t)(args[0].tag * 1000003 + args[0].u.i));
}

static struct val
bi_callable(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val v = args[0];

	(void)kw;
	if (arg_count(t, "callable", nargs, 1, 1) < 0)
		return val_null();
	if (v.tag != V_OBJ)
		return val_bool(0);
	switch (v.u.o->type->layout) {
	case L_FUNC: case L_CFUNC: case L_METHOD: case L_TYPE:
		return val_bool(1);
	default:
		return val_bool(type_lookup_cstr(v.u.o->type, "__call__").tag != V_NULL);
	}
}

static struct val
bi_chr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t	c;
	char	buf[4];

	(void)kw;
	if (arg_count(t, "chr", nargs, 1, 1) < 0 || val_to_index(t, args[0], &c) < 0)
		return val_null();
	if (c < 0 || c > 0x10ffff)
		return vm_raise(t, EXC(ValueError), "chr() arg not in range(0x110000)");
	return val_obj(str_new(buf, (size_t)utf8_encode(buf, (uint32_t)c)));
}

static struct val
bi_ord(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t cp;

	(void)kw;
	if (arg_count(t, "ord", nargs, 1, 1) < 0)
		return val_null();
	if (val_is_obj(args[0], L_BYTES) && VAL_AS(bytes, args[0])->len == 1)
		return val_int(VAL_AS(bytes, args[0])->data[0]);
	if (!IS_STR(args[0]))
		return vm_raise(t, EXC(TypeError),
		    "ord() expected string of length 1, but %s found",
		    val_type_name(args[0]));
	if (VAL_AS(str, args[0])->nchars != 1)
		return vm_raise(t, EXC(TypeError),
		    "ord() expected a character, but string of length %lld found",
		    (long long)VAL_AS(str, args[0])->nchars);
	utf8_decode(VAL_AS(str, args[0])->data, VAL_AS(str, args[0])->len, &cp);
	return val_int(cp);
}

/* hex/oct/bin share this. */
static struct val
bi_radix(struct vm_thread *t, struct val *args, int nargs, char type)
{
	int64_t		v;
	struct buf	b;
	char		spec[3] = { '#', type, 0 };

	if (arg_count(t, type == 'x' ? "hex" : type == 'o' ? "oct" : "bin", nargs,
	    1, 1) < 0 || val_to_index(t, args[0], &v) < 0)
		return val_null();
	buf_init(&b);
	if (format_spec_apply(t, val_int(v), spec, 2, &b) < 0) {
		buf_fini(&b);
		return val_null();
	}
	return val_obj(str_from_buf(&b));
}

static struct val
bi_hex(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return bi_radix(t, a, n, 'x');
}

static struct val
bi_oct(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return bi_radix(t, a, n, 'o');
}

static struct val
bi_bin(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return bi_radix(t, a, n, 'b');
}

static struct val
bi_format(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "format", nargs, 1, 2) < 0)
		return val_null();
	if (nargs > 1 && !IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError),
		    "format() argument 2 must be str, not %s", val_type_name(args[1]));
	return obj_format(t, args[0], nargs > 1 ? VAL_AS(str, args[1]) : NULL);
}

/* isinstance/issubclass class-or-tuple test. */
static int
class_match(struct vm_thread *t, struct type *tp, struct val cls, const char *fn)
{
	if (IS_TUPLE(cls)) {
		int64_t i;

		for (i = 0; i < VAL_AS(tuple, cls)->len; i++) {
			int r = class_match(t, tp, VAL_AS(tuple, cls)->items[i], fn);

			if (r != 0)
				return r;
		}
		return 0;
	}
	if (!val_is_obj(cls, L_TYPE)) {
		vm_raise(t, EXC(TypeError),
		    "%s() arg 2 must be a type, a tuple of types, or a union", fn);
		return -1;
	}
	if (VAL_AS(type, cls) == TYPE(T_OPAQUE))
		return 1;
	return type_is_subtype(tp, VAL_AS(type, cls));
}

static struct val
bi_isinstance(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int r;

	(void)kw;
	if (arg_count(t, "isinstance", nargs, 2, 2) < 0)
		return val_null();
	r = class_match(t, val_type(args[0]), args[1], "isinstance");
	return r < 0 ? val_null() : val_bool(r);
}

static struct val
bi_issubclass(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int r;

	(void)kw;
	if (arg_count(t, "issubclass", nargs, 2, 2) < 0)
		return val_null();
	if (!val_is_obj(args[0], L_TYPE))
		return vm_raise(t, EXC(TypeError), "issubclass() arg 1 must be a class");
	r = class_match(t, VAL_AS(type, args[0]), args[1], "issubclass");
	return r < 0 ? val_null() : val_bool(r);
}

static struct val
bi_getattr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val r;

	(void)kw;
	if (arg_count(t, "getattr", nargs, 2, 3) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError),
		    "attribute name must be string, not '%s'", val_type_name(args[1]));
	if (nargs == 2)
		return obj_getattr(t, args[0], VAL_AS(str, args[1]));
	r = obj_getattr(t, args[0], VAL_AS(str, args[1]));
	if (r.tag == V_NULL && vm_exc_matches(t, EXC(AttributeError))) {
		vm_clear_exc(t);
		return val_dup(args[2]);
	}
	return r;
}

static struct val
bi_setattr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "setattr", nargs, 3, 3) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError),
		    "attribute name must be string, not '%s'", val_type_name(args[1]));
	if (obj_setattr(t, args[0], VAL_AS(str, args[1]), args[2]) < 0)
		return val_null();
	return val_none();
}

static struct val
bi_delattr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "delattr", nargs, 2, 2) < 0 || !IS_STR(args[1]))
		return val_null();
	if (obj_delattr(t, args[0], VAL_AS(str, args[1])) < 0)
		return val_null();
	return val_none();
}

static struct val
bi_hasattr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val r;

	(void)kw;
	if (arg_count(t, "hasattr", nargs, 2, 2) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError),
		    "attribute name must be string, not '%s'", val_type_name(args[1]));
	r = obj_getattr(t, args[0], VAL_AS(str, args[1]));
	if (r.tag == V_NULL) {
		if (vm_exc_matches(t, EXC(AttributeError))) {
			vm_clear_exc(t);
			return val_bool(0);
		}
		return r;
	}
	val_decref(r);
	return val_bool(1);
}

static struct val
bi_iter(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "iter", nargs, 1, 2) < 0)
		return val_null();
	if (nargs == 2) {
		struct iter *it = obj_alloc(TYPE(T_ITERATOR), sizeof *it);

		it->kind = IT_CALLABLE;
		it->src = val_dup(args[0]);
		it->fn = val_dup(args[1]);
		return val_obj(it);
	}
	return obj_iter(t, args[0]);
}

static struct val
bi_next(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	r;
	int		done;

	(void)kw;
	if (arg_count(t, "next", nargs, 1, 2) < 0)
		return val_null();
	if (args[0].tag != V_OBJ || (args[0].u.o->type->layout != L_ITER &&
	    args[0].u.o->type->layout != L_GEN &&
	    type_lookup_cstr(args[0].u.o->type, "__next__").tag == V_NULL))
		return vm_raise(t, EXC(TypeError), "'%s' object is not an iterator",
		    val_type_name(args[0]));
	if (val_is_obj(args[0], L_GEN)) {
		r = gen_send(t, VAL_AS(gen, args[0]), val_none(), &done);
		if (!done)
			return r;
		if (nargs > 1) {
			val_decref(r);
			return val_dup(args[1]);
		}
		{
			struct val e = exc_new(EXC(StopIteration), &r,
			    r.tag == V_NONE ? 0 : 1);

			val_decref(r);
			return vm_raise_val(t, e);
		}
	}
	r = obj_next(t, args[0], &done);
	if (done) {
		if (nargs > 1)
			return val_dup(args[1]);
		return vm_raise(t, EXC(StopIteration), NULL);
	}
	return r;
}

/* A lazy iterator wrapping other iterators. */
static struct iter *
lazy_iter(struct type *tp, int kind)
{
	struct iter *it = obj_alloc(tp, sizeof *it);

	it->kind = kind;
	it->src = val_null();
	it->fn = val_null();
	return it;
}

static struct val
bi_enumerate(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	 src, st = nargs > 1 ? args[1] : kw_get(kw, "start");
	struct iter	*it;
	int64_t		 start = 0;

	if (arg_count(t, "enumerate", nargs, 1, 2) < 0)
		return val_null();
	if (st.tag != V_NULL && val_to_index(t, st, &start) < 0)
		return val_null();
	src = obj_iter(t, args[0]);
	if (src.tag == V_NULL)
		return src;
	it = lazy_iter(TYPE(T_ENUMERATE), IT_ENUMERATE);
	it->src = src;
	it->i = start;
	return val_obj(it);
}

static struct val
bi_zip(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct iter	*it = lazy_iter(TYPE(T_ZIP), IT_ZIP);
	struct val	 strict = kw_get(kw, "strict");
	int		 i;

	it->its = tuple_new(nargs);
	for (i = 0; i < nargs; i++) {
		struct val x = obj_iter(t, args[i]);

		if (x.tag == V_NULL) {
			OBJ_DECREF(it);
			if (vm_exc_matches(t, EXC(TypeError))) {
				vm_clear_exc(t);
				vm_raise(t, EXC(TypeError),
				    "'%s' object is not iterable", val_type_name(args[i]));
			}
			return x;
		}
		it->its->items[i] = x;
	}
	it->n = strict.tag != V_NULL && obj_truth(t, strict) > 0;
	return val_obj(it);
}

static struct val
bi_map(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct iter	*it;
	int		 i;

	(void)kw;
	if (nargs < 2)
		return vm_raise(t, EXC(TypeError), "map() must have at least two arguments.");
	it = lazy_iter(TYPE(T_MAP), IT_MAP);
	it->fn = val_dup(args[0]);
	it->its = tuple_new(nargs - 1);
	for (i = 1; i < nargs; i++) {
		struct val x = obj_iter(t, args[i]);

		if (x.tag == V_NULL) {
			OBJ_DECREF(it);
			return x;
		}
		it->its->items[i - 1] = x;
	}
	return val_obj(it);
}

static struct val
bi_filter(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct iter	*it;
	struct val	 src;

	(void)kw;
	if (arg_count(t, "filter", nargs, 2, 2) < 0)
		return val_null();
	src = obj_iter(t, args[1]);
	if (src.tag == V_NULL)
		return src;
	it = lazy_iter(TYPE(T_FILTER), IT_FILTER);
	it->fn = val_dup(args[0]);
	it->src = src;
	return val_obj(it);
}

static struct val
bi_reversed(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct iter	*it;
	int64_t		 n;
	struct val	 m;

	(void)kw;
	if (arg_count(t, "reversed", nargs, 1, 1) < 0)
		return val_null();
	m = type_lookup_cstr(val_type(args[0]), "__reversed__");
	if (val_is_obj(m, L_FUNC))
		return vm_call(t, m, args, 1, NULL);
	if (val_is_obj(args[0], L_SETO) || args[0].tag != V_OBJ ||
	    (!(args[0].u.o->type->flags & TF_USER) && !IS_LIST(args[0]) &&
	    !IS_TUPLE(args[0]) && !IS_STR(args[0]) && !IS_DICT(args[0]) &&
	    !IS_DICTVIEW_T(args[0].u.o->type) &&
	    !val_is_obj(args[0], L_RANGE) && !val_is_obj(args[0], L_BYTES)))
		return vm_raise(t, EXC(TypeError), "'%s' object is not reversible",
		    val_type_name(args[0]));
	if (IS_DICT(args[0]) || IS_DICTVIEW_T(args[0].u.o->type)) {
		struct list *l = seq_to_list(t, args[0]);
		int64_t i;

		for (i = 0; i < l->len / 2; i++) {
			struct val x = l->items[i];

			l->items[i] = l->items[l->len - 1 - i];
			l->items[l->len - 1 - i] = x;
		}
		{
			struct val r = obj_iter(t, val_obj(l));

			OBJ_DECREF(l);
			return r;
		}
	}
	n = obj_len(t, args[0]);
	if (n < 0)
		return val_null();
	it = lazy_iter(TYPE(T_REVERSED), IT_REVERSED);
	it->src = val_dup(args[0]);
	it->i = n - 1;
	return val_obj(it);
}

/* sum(iterable, start=0) */
static struct val
bi_sum(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	acc, it, st = nargs > 1 ? args[1] : kw_get(kw, "start");
	int		done;

	if (arg_count(t, "sum", nargs, 1, 2) < 0)
		return val_null();
	acc = st.tag != V_NULL ? val_dup(st) : val_int(0);
	if (IS_STR(acc)) {
		val_decref(acc);
		return vm_raise(t, EXC(TypeError),
		    "sum() can't sum strings [use ''.join(seq) instead]");
	}
	it = obj_iter(t, args[0]);
	if (it.tag == V_NULL) {
		val_decref(acc);
		return it;
	}
	for (;;) {
		struct val x = obj_next(t, it, &done), r;

		if (done)
			break;
		if (x.tag == V_NULL) {
			val_decref(acc);
			val_decref(it);
			return x;
		}
		if (acc.tag == V_INT && x.tag == V_INT &&
		    !__builtin_add_overflow(acc.u.i, x.u.i, &acc.u.i))
			continue;
		if (acc.tag == V_FLOAT && x.tag == V_FLOAT) {
			acc.u.f += x.u.f;
			continue;
		}
		r = obj_binop(t, OP_ADD, acc, x, 0);
		val_decref(acc);
		val_decref(x);
		if (r.tag == V_NULL) {
			val_decref(it);
			return r;
		}
		acc = r;
	}
	val_decref(it);
	return acc;
}

/* any / all */
static struct val
bi_anyall(struct vm_thread *t, struct val *args, int nargs, int want)
{
	struct val	it;
	int		done;

	if (arg_count(t, want ? "any" : "all", nargs, 1, 1) < 0)
		return val_null();
	it = obj_iter(t, args[0]);
	if (it.tag == V_NULL)
		return it;
	for (;;) {
		struct val x = obj_next(t, it, &done);
		int b;

		if (done)
			break;
		if (x.tag == V_NULL) {
			val_decref(it);
			return x;
		}
		b = obj_truth(t, x);
		val_decref(x);
		if (b < 0) {
			val_decref(it);
			return val_null();
		}
		if (b == want) {
			val_decref(it);
			return val_bool(want);
		}
	}
	val_decref(it);
	return val_bool(!want);
}

static struct val
bi_any(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return bi_anyall(t, a, n, 1);
}

static struct val
bi_all(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return bi_anyall(t, a, n, 0);
}

/* min / max */
static struct val
bi_minmax(struct vm_thread *t, struct val *args, int nargs, struct dict *kw,
    int op)
{
	struct val	 key = kw_get(kw, "key"), dflt = kw_get(kw, "default");
	struct val	 best = val_null(), bestk = val_null();
	struct list	*l;
	int64_t		 i;
	const char	*name = op == OP_LT ? "min" : "max";

	if (kw != NULL) {
		int64_t pos = 0;
		struct val k, v;

		while (dict_next(kw, &pos, &k, &v))
			if (strcmp(VAL_AS(str, k)->data, "key") &&
			    strcmp(VAL_AS(str, k)->data, "default"))
				return vm_raise(t, EXC(TypeError),
				    "'%s' is an invalid keyword argument for %s()",
				    VAL_AS(str, k)->data, name);
	}
	if (nargs == 0)
		return vm_raise(t, EXC(TypeError),
		    "%s expected at least 1 argument, got 0", name);
	if (nargs == 1) {
		l = seq_to_list(t, args[0]);
		if (l == NULL)
			return val_null();
	} else {
		if (dflt.tag != V_NULL)
			return vm_raise(t, EXC(TypeError),
			    "Cannot specify a default for %s() with multiple positional arguments",
			    name);
		l = list_new(nargs);
		for (i = 0; i < nargs; i++)
			l->items[i] = val_dup(args[i]);
		l->len = nargs;
	}
	if (key.tag == V_NONE)
		key = val_null();
	for (i = 0; i < l->len; i++) {
		struct val k = key.tag != V_NULL ? vm_call(t, key, &l->items[i], 1,
		    NULL) : val_dup(l->items[i]);

		if (k.tag == V_NULL)
			goto fail;
		if (best.tag == V_NULL) {
			best = l->items[i];
			bestk = k;
			continue;
		}
		{
			struct val c = obj_compare(t, k, bestk, op);
			int b;

			if (c.tag == V_NULL) {
				val_decref(k);
				goto fail;
			}
			b = obj_truth(t, c);
			val_decref(c);
			if (b) {
				val_decref(bestk);
				bestk = k;
				best = l->items[i];
			} else
				val_decref(k);
		}
	}
	val_decref(bestk);
	if (best.tag == V_NULL) {
		OBJ_DECREF(l);
		if (dflt.tag != V_NULL)
			return val_dup(dflt);
		return vm_raise(t, EXC(ValueError), "%s() arg is an empty sequence",
		    name);
	}
	best = val_dup(best);
	OBJ_DECREF(l);
	return best;
fail:
	val_decref(bestk);
	OBJ_DECREF(l);
	return val_null();
}

static struct val
bi_min(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	return bi_minmax(t, a, n, kw, OP_LT);
}

static struct val
bi_max(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	return bi_minmax(t, a, n, kw, OP_GT);
}

/* ---- sorting ------------------------------------------------------------ */

/* a < b for sorting; -1 on error. */
static int
sort_lt(struct vm_thread *t, struct val a, struct val b)
{
	struct val c;
	int r;

	if (a.tag == V_INT && b.tag == V_INT)
		return a.u.i < b.u.i;
	if (a.tag == V_FLOAT && b.tag == V_FLOAT)
		return a.u.f < b.u.f;
	c = obj_compare(t, a, b, OP_LT);
	if (c.tag == V_NULL)
		return -1;
	r = obj_truth(t, c);
	val_decref(c);
	return r;
}

/* Stable merge sort of idx[] by keys. */
static int
sort_merge(struct vm_thread *t, struct val *keys, int64_t *idx, int64_t *tmp,
    int64_t n)
{
	int64_t mid, i, j, k;

	if (n < 2)
		return 0;
	if (n <= 8) {
		for (i = 1; i < n; i++) {
			int64_t x = idx[i];

			for (j = i; j > 0; j--) {
				int lt = sort_lt(t, keys[x], keys[idx[j - 1]]);

				if (lt < 0)
					return -1;
				if (!lt)
					break;
				idx[j] = idx[j - 1];
			}
			idx[j] = x;
		}
		return 0;
	}
	mid = n / 2;
	if (sort_merge(t, keys, idx, tmp, mid) < 0 ||
	    sort_merge(t, keys, idx + mid, tmp, n - mid) < 0)
		return -1;
	memcpy(tmp, idx, sizeof *idx * (size_t)mid);
	i = 0;
	j = mid;
	k = 0;
	while (i < mid && j < n) {
		int lt = sort_lt(t, keys[idx[j]], keys[tmp[i]]);

		if (lt < 0)
			return -1;
		idx[k++] = lt ? idx[j++] : tmp[i++];
	}
	while (i < mid)
		idx[k++] = tmp[i++];
	return 0;
}

/* Sort a list in place (key may be V_NULL or None). */
struct val
builtin_sorted_list(struct vm_thread *t, struct list *l, struct val key,
    int reverse)
{
	int64_t		 n = l->len, i;
	struct val	*keys, *items;
	int64_t		*idx, *tmp;
	int		 rc = 0;

	if (n < 1)
		return val_none();
	items = xmalloc(sizeof *items * (size_t)n);
	memcpy(items, l->items, sizeof *items * (size_t)n);
	if (reverse)
		for (i = 0; i < n / 2; i++) {
			struct val x = items[i];

			items[i] = items[n - 1 - i];
			items[n - 1 - i] = x;
		}
	keys = xcalloc((size_t)n, sizeof *keys);
	for (i = 0; i < n; i++) {
		if (key.tag != V_NULL && key.tag != V_NONE) {
			keys[i] = vm_call(t, key, &items[i], 1, NULL);
			if (keys[i].tag == V_NULL) {
				rc = -1;
				break;
			}
		} else
			keys[i] = val_dup(items[i]);
	}
	idx = xmalloc(sizeof *idx * (size_t)n);
	tmp = xmalloc(sizeof *tmp * (size_t)n);
	for (i = 0; i < n; i++)
		idx[i] = i;
	if (rc == 0)
		rc = sort_merge(t, keys, idx, tmp, n);
	if (rc == 0 && l->len == n) {
		for (i = 0; i < n; i++)
			l->items[i] = items[idx[i]];
		if (reverse)
			for (i = 0; i < n / 2; i++) {
				struct val x = l->items[i];

				l->items[i] = l->items[n - 1 - i];
				l->items[n - 1 - i] = x;
			}
	}
	for (i = 0; i < n; i++)
		val_decref(keys[i]);
	free(keys);
	free(items);
	free(idx);
	free(tmp);
	return rc < 0 ? val_null() : val_none();
}

static struct val
bi_sorted(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l;
	struct val	 rev = kw_get(kw, "reverse"), r;

	if (nargs != 1)
		return vm_raise(t, EXC(TypeError),
		    "sorted expected 1 argument, got %d", nargs);
	l = seq_to_list(t, args[0]);
	if (l == NULL)
		return val_null();
	r = builtin_sorted_list(t, l, kw_get(kw, "key"),
	    rev.tag != V_NULL && obj_truth(t, rev) > 0);
	if (r.tag == V_NULL) {
		OBJ_DECREF(l);
		return r;
	}
	return val_obj(l);
}

/* ---- namespaces --------------------------------------------------------- */

static struct val
bi_globals(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)args; (void)nargs; (void)kw;
	if (t->frame == NULL)
		return val_obj(dict_new());
	return val_dup(val_obj(t->frame->globals));
}

static struct val
bi_locals(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct frame	*f = t->frame;
	struct dict	*d;
	int		 i;

	(void)args; (void)nargs; (void)kw;
	if (f == NULL)
		return val_obj(dict_new());
	if (f->locals != NULL)
		return val_dup(val_obj(f->locals));
	if (!(f->code->flags & CO_FUNCTION))
		return val_dup(val_obj(f->globals));
	d = dict_new();
	for (i = 0; i < f->code->nlocals; i++)
		if (f->slots[i].tag != V_NULL)
			dict_set(d, val_obj(f->code->varnames[i]), f->slots[i]);
	return val_obj(d);
}

static struct val
bi_vars(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	if (nargs == 0)
		return bi_locals(t, args, nargs, kw);
	return obj_getattr(t, args[0], str_intern("__dict__"));
}

static struct val
bi_dir(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l = list_new(0);
	struct dict	*seen = dict_new();
	int64_t		 pos, i;
	struct val	 k, v, r;
	struct type	*tp;

	(void)kw;
	if (nargs == 0) {
		struct val loc = bi_locals(t, args, 0, NULL);

		pos = 0;
		while (dict_next(VAL_AS(dict, loc), &pos, &k, &v))
			list_append(l, val_dup(k));
		val_decref(loc);
		OBJ_DECREF(seen);
		builtin_sorted_list(t, l, val_null(), 0);
		return val_obj(l);
	}
	if (val_is_obj(args[0], L_MODULE)) {
		pos = 0;
		while (dict_next(VAL_AS(module, args[0])->dict, &pos, &k, &v))
			dict_set(seen, k, val_none());
	} else {
		struct dict **dp = val_is_obj(args[0], L_INST) ?
		    obj_dictp(args[0]) : NULL;

		if (dp != NULL && *dp != NULL) {
			pos = 0;
			while (dict_next(*dp, &pos, &k, &v))
				dict_set(seen, k, val_none());
		}
		tp = val_is_obj(args[0], L_TYPE) ? VAL_AS(type, args[0]) :
		    val_type(args[0]);
		for (i = 0; tp->mro && i < tp->mro->len; i++) {
			pos = 0;
			while (dict_next(VAL_AS(type, tp->mro->items[i])->dict, &pos,
			    &k, &v))
				dict_set(seen, k, val_none());
		}
	}
	pos = 0;
	while (dict_next(seen, &pos, &k, &v))
		list_append(l, val_dup(k));
	OBJ_DECREF(seen);
	r = builtin_sorted_list(t, l, val_null(), 0);
	val_decref(r);
	return val_obj(l);
}

/* dir(v) as a list (for "Did you mean" suggestions). */
struct val
vm_dir(struct vm_thread *t, struct val v)
{
	return bi_dir(t, &v, 1, NULL);
}

static struct val
bi_exit(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	return vm_raise_val(t, exc_new(EXC(SystemExit), args, nargs > 1 ? 1 : nargs));
}

/* super() and super(type, obj). */
static struct val
bi_super(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct super	*s;
	struct type	*tp = NULL;
	struct val	 self = val_null();

	(void)kw;
	if (nargs >= 1) {
		if (!val_is_obj(args[0], L_TYPE))
			return vm_raise(t, EXC(TypeError),
			    "super() argument 1 must be a type, not %s",
			    val_type_name(args[0]));
		tp = VAL_AS(type, args[0]);
		if (nargs > 1)
			self = args[1];
	} else {
		struct frame	*f = t->frame;
		struct code	*co;
		int		 i;

		if (f == NULL || !(f->code->flags & CO_FUNCTION))
			return vm_raise(t, EXC(RuntimeError), "super(): no arguments");
		co = f->code;
		for (i = 0; i < co->ncells + co->nfree; i++)
			if (strcmp(co->cellnames[i]->data, "__class__") == 0) {
				struct cell *c = VAL_AS(cell, f->slots[co->nlocals + i]);

				if (val_is_obj(c->v, L_TYPE))
					tp = VAL_AS(type, c->v);
			}
		if (tp == NULL)
			return vm_raise(t, EXC(RuntimeError),
			    "super(): __class__ cell not found");
		if (co->nargs == 0 && !(co->flags & CO_VARARGS))
			return vm_raise(t, EXC(RuntimeError), "super(): no arguments");
		self = f->slots[0];
		for (i = 0; i < co->ncells; i++)
			if (str_eq(co->cellnames[i], co->varnames[0])) {
				self = VAL_AS(cell, f->slots[co->nlocals + i])->v;
				break;
			}
		if (self.tag == V_NULL)
			return vm_raise(t, EXC(RuntimeError),
			    "super(): arg[0] deleted");
	}
	s = obj_alloc(TYPE(T_SUPER), sizeof *s);
	s->type = tp;
	OBJ_INCREF(tp);
	s->self = val_dup(self);
	return val_obj(s);
}

static struct val
ctor_property(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct property	*p;
	struct val	 a[4];
	int		 i;
	static const char *names[] = { "fget", "fset", "fdel", "doc" };

	if (nargs > 4)
		return vm_raise(t, EXC(TypeError),
		    "property() takes at most 4 arguments (%d given)", nargs);
	for (i = 0; i < 4; i++) {
		a[i] = i < nargs ? args[i] : kw_get(kw, names[i]);
		if (a[i].tag == V_NULL)
			a[i] = val_none();
	}
	p = obj_alloc(TYPE(T_PROPERTY), sizeof *p);
	p->fget = val_dup(a[0]);
	p->fset = val_dup(a[1]);
	p->fdel = val_dup(a[2]);
	if (a[3].tag == V_NONE && val_is_obj(a[0], L_FUNC))
		p->doc = val_dup(VAL_AS(func, a[0])->doc);
	else
		p->doc = val_dup(a[3]);
	return val_obj(p);
}

/* property.setter / getter / deleter: a copy with one accessor replaced. */
static struct val
prop_copy(struct vm_thread *t, struct val *args, int nargs, int which)
{
	struct property *o = VAL_AS(property, args[0]), *p;

	if (arg_count(t, "setter", nargs - 1, 1, 1) < 0)
		return val_null();
	p = obj_alloc(TYPE(T_PROPERTY), sizeof *p);
	p->fget = val_dup(which == 0 ? args[1] : o->fget);
	p->fset = val_dup(which == 1 ? args[1] : o->fset);
	p->fdel = val_dup(which == 2 ? args[1] : o->fdel);
	p->doc = val_dup(o->doc);
	return val_obj(p);
}

static struct val
prop_getter(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return prop_copy(t, a, n, 0);
}

static struct val
prop_setter(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return prop_copy(t, a, n, 1);
}

static struct val
prop_deleter(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return prop_copy(t, a, n, 2);
}

static struct val
ctor_wrapper(struct vm_thread *t, struct val *args, int nargs, int kind)
{
	struct wrapper *w;

	if (arg_count(t, kind == T_STATICMETHOD ? "staticmethod" : "classmethod",
	    nargs, 1, 1) < 0)
		return val_null();
	w = obj_alloc(TYPE(kind), sizeof *w);
	w->fn = val_dup(args[0]);
	return val_obj(w);
}

static struct val
ctor_staticmethod(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return ctor_wrapper(t, a, n, T_STATICMETHOD);
}

static struct val
ctor_classmethod(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return ctor_wrapper(t, a, n, T_CLASSMETHOD);
}

/* ---- numbers ------------------------------------------------------------ */

/* Parse an int literal with base; V_NULL + ValueError on failure. */
struct val
int_from_str(struct vm_thread *t, const char *s, int64_t n, int base)
{
	const char	*p = s, *e = s + n;
	int		 neg = 0, any = 0, b = base;
	uint64_t	 v = 0;
	int		 last_us = 1;

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
	    *p == '\f' || *p == '\v'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r' || e[-1] == '\f' || e[-1] == '\v'))
		e--;
	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (e - p >= 2 && p[0] == '0') {
		char c = (char)(p[1] | 0x20);

		if ((c == 'x' && (b == 16 || b == 0)) || (c == 'o' && (b == 8 || b == 0)) ||
		    (c == 'b' && (b == 2 || b == 0))) {
			b = c == 'x' ? 16 : c == 'o' ? 8 : 2;
			p += 2;
			last_us = 0;
		}
	}
	if (b == 0) {
		b = 10;
		if (e - p > 1 && p[0] == '0') {
			const char *q = p;

			while (q < e && (*q == '0' || *q == '_'))
				q++;
			if (q != e)
				goto bad;
		}
	}
	for (; p < e; p++) {
		int d;

		if (*p == '_') {
			if (last_us)
				goto bad;
			last_us = 1;
			continue;
		}
		last_us = 0;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
			d = (*p | 0x20) - 'a' + 10;
		else
			goto bad;
		if (d >= b)
			goto bad;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)b)
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
		v = v * (uint64_t)b + (uint64_t)d;
		any = 1;
	}
	if (!any || last_us)
		goto bad;
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return vm_raise(t, EXC(OverflowError),
		    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
	return val_int(neg ? (int64_t)(0 - v) : (int64_t)v);
bad:
	{
		struct str	*sv = str_new(s, (size_t)n);
		struct val	 r = obj_repr(t, val_obj(sv));

		OBJ_DECREF(sv);
		if (r.tag == V_NULL)
			return r;
		vm_raise(t, EXC(ValueError), "invalid literal for int() with base %d: %s",
		    base, VAL_AS(str, r)->data);
		val_decref(r);
		return val_null();
	}
}

static struct val
ctor_int(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	x = nargs > 0 ? args[0] : val_null();
	struct val	bv = nargs > 1 ? args[1] : kw_get(kw, "base");
	int64_t		base = 10;

	if (nargs > 2)
		return vm_raise(t, EXC(TypeError),
		    "int() takes at most 2 arguments (%d given)", nargs);
	if (x.tag == V_NULL)
		return val_int(0);
	if (bv.tag != V_NULL) {
		if (val_to_index(t, bv, &base) < 0)
			return val_null();
		if (base != 0 && (base < 2 || base > 36))
			return vm_raise(t, EXC(ValueError),
			    "int() base must be >= 2 and <= 36, or 0");
		if (!IS_STR(x) && !val_is_obj(x, L_BYTES))
			return vm_raise(t, EXC(TypeError),
			    "int() can't convert non-string with explicit base");
	}
	switch (x.tag) {
	case V_INT: return x;
	case V_BOOL: return val_int(x.u.i);
	case V_FLOAT:
		if (isnan(x.u.f))
			return vm_raise(t, EXC(ValueError),
			    "cannot convert float NaN to integer");
		if (isinf(x.u.f))
			return vm_raise(t, EXC(OverflowError),
			    "cannot convert float infinity to integer");
		if (fabs(x.u.f) >= 9.2233720368547758e18)
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
		return val_int((int64_t)x.u.f);
	default:
		break;
	}
	if (IS_STR(x))
		return int_from_str(t, VAL_AS(str, x)->data, VAL_AS(str, x)->len,
		    (int)base);
	if (val_is_obj(x, L_BYTES))
		return int_from_str(t, (char *)VAL_AS(bytes, x)->data,
		    VAL_AS(bytes, x)->len, (int)base);
	{
		struct val m = type_lookup_cstr(val_type(x), "__int__");

		if (!val_is_obj(m, L_FUNC))
			m = type_lookup_cstr(val_type(x), "__index__");
		if (val_is_obj(m, L_FUNC))
			return vm_call(t, m, &x, 1, NULL);
	}
	return vm_raise(t, EXC(TypeError),
	    "int() argument must be a string, a bytes-like object or a real number, not '%s'",
	    val_type_name(x));
}

/* Parse a float literal; ValueError on failure. */
struct val
float_from_str(struct vm_thread *t, const char *s, int64_t n)
{
	char	*buf = xmalloc((size_t)n + 1), *p, *e, *end;
	double	 d;
	int64_t	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '_') {
			if (i == 0 || i + 1 >= n || !isdigit((unsigned char)s[i - 1]) ||
			    !isdigit((unsigned char)s[i + 1])) {
				free(buf);
				goto bad_nofree;
			}
			continue;
		}
		buf[k++] = s[i];
	}
	buf[k] = '\0';
	p = buf;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	{
		const char *q = p;

		if (*q == '+' || *q == '-')
			q++;
		if (strcasecmp(q, "inf") == 0 || strcasecmp(q, "infinity") == 0) {
			d = *p == '-' ? -INFINITY : INFINITY;
			free(buf);
			return val_float(d);
		}
		if (strcasecmp(q, "nan") == 0) {
			free(buf);
			return val_float(NAN);
		}
		if (*q == '0' && (q[1] == 'x' || q[1] == 'X'))
			goto bad;
	}
	errno = 0;
	d = strtod(p, &end);
	if (p == e || end != e || *p == '\0')
		goto bad;
	free(buf);
	return val_float(d);
bad:
	free(buf);
bad_nofree:
	{
		struct str	*sv = str_new(s, (size_t)n);
		struct val	 r = obj_repr(t, val_obj(sv));

		OBJ_DECREF(sv);
		if (r.tag == V_NULL)
			return r;
		vm_raise(t, EXC(ValueError), "could not convert string to float: %s",
		    VAL_AS(str, r)->data);
		val_decref(r);
		return val_null();
	}
}

static struct val
ctor_float(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val x;

	(void)kw;
	if (arg_count(t, "float", nargs, 0, 1) < 0)
		return val_null();
	if (nargs == 0)
		return val_float(0.0);
	x = args[0];
	switch (x.tag) {
	case V_FLOAT: return x;
	case V_INT: case V_BOOL: return val_float((double)x.u.i);
	default: break;
	}
	if (IS_STR(x))
		return float_from_str(t, VAL_AS(str, x)->data, VAL_AS(str, x)->len);
	{
		struct val m = type_lookup_cstr(val_type(x), "__float__");

		if (val_is_obj(m, L_FUNC))
			return vm_call(t, m, &x, 1, NULL);
	}
	return vm_raise(t, EXC(TypeError),
	    "float() argument must be a string or a real number, not '%s'",
	    val_type_name(x));
}

static struct val
ctor_bool(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int b;

	(void)kw;
	if (arg_count(t, "bool", nargs, 0, 1) < 0)
		return val_null();
	if (nargs == 0)
		return val_bool(0);
	b = obj_truth(t, args[0]);
	return b < 0 ? val_null() : val_bool(b);
}

static struct val
ctor_none(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_none();
}

static struct val
int_bit_length(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	uint64_t	u;
	int		n = 0;

	(void)t; (void)nargs; (void)kw;
	u = args[0].u.i < 0 ? (uint64_t)0 - (uint64_t)args[0].u.i :
	    (uint64_t)args[0].u.i;
	while (u) {
		n++;
		u >>= 1;
	}
	return val_int(n);
}

static struct val
int_bit_count(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	uint64_t u;

	(void)t; (void)nargs; (void)kw;
	u = args[0].u.i < 0 ? (uint64_t)0 - (uint64_t)args[0].u.i :
	    (uint64_t)args[0].u.i;
	return val_int(__builtin_popcountll(u));
}

static struct val
float_is_integer(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)t; (void)nargs; (void)kw;
	if (args[0].tag != V_FLOAT)
		return val_bool(1);
	return val_bool(isfinite(args[0].u.f) && args[0].u.f == floor(args[0].u.f));
}

static struct val
num_conjugate(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)nargs; (void)kw;
	return args[0].tag == V_BOOL ? val_int(args[0].u.i) : args[0];
}

/* ---- object, type, exceptions, generators ------------------------------- */

static struct val
object_init(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (nargs > 1 && val_type(args[0])->flags & TF_USER &&
	    !val_is_obj(type_lookup_cstr(val_type(args[0]), "__init__"), L_FUNC))
		return vm_raise(t, EXC(TypeError),
		    "object.__init__() takes exactly one argument (the instance to initialize)");
	return val_none();
}

static struct val
object_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct type *tp;

	(void)kw;
	(void)nargs;
	if (nargs < 1 || !val_is_obj(args[0], L_TYPE))
		return vm_raise(t, EXC(TypeError),
		    "object.__new__(X): X is not a type object");
	tp = VAL_AS(type, args[0]);
	if (tp->layout == L_EXC)
		return exc_new(tp, args + 1, nargs - 1);
	return val_obj(obj_alloc(tp, sizeof(struct instance)));
}

static struct val
object_repr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct buf	b;
	struct type	*tp = val_type(args[0]);
	struct val	mod = tp->dict ? dict_get_cstr(tp->dict, "__module__") :
	    val_null();
	struct val	qn = tp->dict ? dict_get_cstr(tp->dict, "__qualname__") :
	    val_null();

	(void)nargs; (void)kw;
	if (args[0].tag != V_OBJ || !(tp->flags & TF_USER) || tp->layout == L_EXC)
		return obj_repr(t, args[0]);
	buf_init(&b);
	buf_printf(&b, "<%s.%s object at %p>", IS_STR(mod) ? VAL_AS(str, mod)->data :
	    "__main__", IS_STR(qn) ? VAL_AS(str, qn)->data : tp->name,
	    (void *)args[0].u.o);
	return val_obj(str_from_buf(&b));
}

static struct val
object_str(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)nargs; (void)kw;
	return obj_repr(t, args[0]);
}

static struct val
object_eq(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)kw;
	if (nargs == 2 && args[0].tag == V_OBJ && args[1].tag == V_OBJ &&
	    args[0].u.o == args[1].u.o)
		return val_bool(1);
	return val_dup(INTERP->none_notimpl);
}

static struct val
object_ne(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val r;
	int b;

	(void)kw;
	if (nargs != 2)
		return val_dup(INTERP->none_notimpl);
	r = obj_compare(t, args[0], args[1], OP_EQ);
	if (r.tag == V_NULL)
		return r;
	b = obj_truth(t, r);
	val_decref(r);
	return val_bool(!b);
}

static struct val
object_hash(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)nargs; (void)kw;
	return val_int((int64_t)((uintptr_t)args[0].u.o >> 4));
}

static struct val
object_setattr(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val d;

	(void)kw;
	if (arg_count(t, "__setattr__", nargs - 1, 2, 2) < 0 || !IS_STR(args[1]))
		return val_null();
	if (!val_is_obj(args[0], L_INST) && !val_is_obj(args[0], L_EXC)) {
		if (obj_setattr(t, args[0], VAL_AS(str, args[1]), args[2]) < 0)
			return val_null();
		return val_none();
	}
	d = obj_getattr(t, args[0], str_intern("__dict__"));
	if (d.tag == V_NULL || !IS_DICT(d)) {
		if (d.tag == V_NULL && vm_exc_matches(t, EXC(AttributeError))) {
			struct dict **dp;

			vm_clear_exc(t);
			dp = &((struct exc *)args[0].u.o)->dict;
			if (*dp == NULL)
				*dp = dict_new();
			dict_set(*dp, args[1], args[2]);
			return val_none();
		}
		val_decref(d);
		return val_null();
	}
	dict_set(VAL_AS(dict, d), args[1], args[2]);
	val_decref(d);
	return val_none();
}

static struct val
object_getattribute(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "__getattribute__", nargs - 1, 1, 1) < 0 || !IS_STR(args[1]))
		return val_null();
	return obj_getattr(t, args[0], VAL_AS(str, args[1]));
}

static struct val
object_init_subclass(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_none();
}

static struct val
type_mro(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list *l;
	int64_t i;

	(void)t; (void)nargs; (void)kw;
	l = list_new(0);
	for (i = 0; i < VAL_AS(type, args[0])->mro->len; i++)
		list_append(l, val_dup(VAL_AS(type, args[0])->mro->items[i]));
	return val_obj(l);
}

static struct val
exc_init(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct exc	*e;
	int		 i;

	(void)t; (void)kw;
	if (!val_is_obj(args[0], L_EXC))
		return val_none();
	e = VAL_AS(exc, args[0]);
	OBJ_XDECREF(e->args);
	e->args = tuple_new(nargs - 1);
	for (i = 1; i < nargs; i++)
		e->args->items[i - 1] = val_dup(args[i]);
	val_decref(e->value);
	e->value = nargs > 1 ? val_dup(args[1]) : val_none();
	return val_none();
}

static struct val
exc_with_traceback(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)t; (void)nargs; (void)kw;
	return val_dup(args[0]);
}

static struct val
exc_str_m(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)nargs; (void)kw;
	if (!val_is_obj(args[0], L_EXC))
		return obj_str(t, args[0]);
	{
		struct exc *e = VAL_AS(exc, args[0]);

		if (e->args == NULL || e->args->len == 0)
			return val_obj(str_new("", 0));
		if (e->args->len == 1)
			return obj_str(t, e->args->items[0]);
		return obj_repr(t, val_obj(e->args));
	}
}

static struct val
gen_m_send(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	r;
	int		done;

	(void)kw;
	if (arg_count(t, "send", nargs - 1, 1, 1) < 0)
		return val_null();
	r = gen_send(t, VAL_AS(gen, args[0]), args[1], &done);
	if (done && r.tag != V_NULL) {
		struct val e = exc_new(EXC(StopIteration), &r, r.tag == V_NONE ? 0 : 1);

		val_decref(r);
		return vm_raise_val(t, e);
	}
	return r;
}

static struct val
gen_m_next(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val a[2];

	a[0] = args[0];
	a[1] = val_none();
	(void)nargs;
	return gen_m_send(t, a, 2, kw);
}

static struct val
gen_m_iter(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)nargs; (void)kw;
	return val_dup(args[0]);
}

static struct val
gen_m_throw(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	exc, r;
	int		done;

	(void)kw;
	if (arg_count(t, "throw", nargs - 1, 1, 3) < 0)
		return val_null();
	if (val_is_obj(args[1], L_TYPE)) {
		exc = vm_call(t, args[1], nargs > 2 ? &args[2] : NULL,
		    nargs > 2 ? 1 : 0, NULL);
		if (exc.tag == V_NULL)
			return exc;
	} else if (val_is_obj(args[1], L_EXC))
		exc = val_dup(args[1]);
	else
		return vm_raise(t, EXC(TypeError),
		    "exceptions must be classes or instances deriving from BaseException, not %s",
		    val_type_name(args[1]));
	r = gen_throw(t, VAL_AS(gen, args[0]), exc, &done);
	val_decref(exc);
	if (done && r.tag != V_NULL) {
		struct val e = exc_new(EXC(StopIteration), &r, r.tag == V_NONE ? 0 : 1);

		val_decref(r);
		return vm_raise_val(t, e);
	}
	return r;
}

static struct val
gen_m_close(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct gen	*g = VAL_AS(gen, args[0]);
	struct val	 exc, r;
	int		 done;

	(void)nargs; (void)kw;
	if (g->frame == NULL)
		return val_none();
	if (!g->started) {
		struct frame *f = g->frame;

		g->frame = NULL;
		frame_free(t, f);
		return val_none();
	}
	exc = exc_new(EXC(GeneratorExit), NULL, 0);
	r = gen_throw(t, g, exc, &done);
	val_decref(exc);
	if (r.tag == V_NULL) {
		if (vm_exc_matches(t, EXC(GeneratorExit)) ||
		    vm_exc_matches(t, EXC(StopIteration))) {
			vm_clear_exc(t);
			return val_none();
		}
		return r;
	}
	val_decref(r);
	if (done)
		return val_none();
	return vm_raise(t, EXC(RuntimeError), "generator ignored GeneratorExit");
}

static struct val
iter_m_next(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)nargs; (void)kw;
	return bi_next(t, args, 1, NULL);
}

/* ---- the builtins module ------------------------------------------------ */

/* Fill the builtins dict and the methods of core types. */
void
builtins_init(struct interp *in)
{
	static const struct { const char *n; cfunc_fn f; } fns[] = {
		{ "print", bi_print }, { "input", bi_input }, { "len", bi_len },
		{ "repr", bi_repr }, { "ascii", bi_ascii }, { "abs", bi_abs },
		{ "round", bi_round }, { "divmod", bi_divmod }, { "pow", bi_pow },
		{ "hash", bi_hash }, { "id", bi_id }, { "callable", bi_callable },
		{ "chr", bi_chr }, { "ord", bi_ord }, { "hex", bi_hex },
		{ "oct", bi_oct }, { "bin", bi_bin }, { "format", bi_format },
		{ "isinstance", bi_isinstance }, { "issubclass", bi_issubclass },
		{ "getattr", bi_getattr }, { "setattr", bi_setattr },
		{ "delattr", bi_delattr }, { "hasattr", bi_hasattr },
		{ "iter", bi_iter }, { "next", bi_next }, { "sum", bi_sum },
		{ "any", bi_any }, { "all", bi_all }, { "min", bi_min },
		{ "max", bi_max }, { "sorted", bi_sorted }, { "globals", bi_globals },
		{ "locals", bi_locals }, { "vars", bi_vars }, { "dir", bi_dir },
		{ "exit", bi_exit }, { "quit", bi_exit },
		{ "__build_class__", build_class },
	};
	static const struct { const char *n; int id; } tys[] = {
		{ "object", T_OBJECT }, { "type", T_TYPE }, { "bool", T_BOOL },
		{ "int", T_INT }, { "float", T_FLOAT }, { "str", T_STR },
		{ "bytes", T_BYTES }, { "list", T_LIST }, { "tuple", T_TUPLE },
		{ "dict", T_DICT }, { "set", T_SET }, { "frozenset", T_FROZENSET },
		{ "range", T_RANGE }, { "slice", T_SLICE }, { "property", T_PROPERTY },
		{ "staticmethod", T_STATICMETHOD }, { "classmethod", T_CLASSMETHOD },
		{ "super", T_SUPER }, { "enumerate", T_ENUMERATE }, { "zip", T_ZIP },
		{ "map", T_MAP }, { "filter", T_FILTER }, { "reversed", T_REVERSED },
	};
	struct dict	*b = in->builtins;
	size_t		 i;

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		dict_set_cstr(b, fns[i].n, val_obj(cfunc_new(fns[i].n, fns[i].f,
		    val_null())));
	for (i = 0; i < sizeof tys / sizeof tys[0]; i++)
		dict_set_cstr(b, tys[i].n, val_dup(val_obj(in->types[tys[i].id])));
	for (i = 0; i < E_COUNT; i++)
		dict_set_cstr(b, in->exc[i]->name, val_dup(val_obj(in->exc[i])));
	dict_set_cstr(b, "EnvironmentError", val_dup(val_obj(in->exc[E_OSError])));
	dict_set_cstr(b, "IOError", val_dup(val_obj(in->exc[E_OSError])));
	dict_set_cstr(b, "None", val_none());
	dict_set_cstr(b, "True", val_bool(1));
	dict_set_cstr(b, "False", val_bool(0));
	dict_set_cstr(b, "NotImplemented", val_dup(in->none_notimpl));
	dict_set_cstr(b, "Ellipsis", val_dup(in->ellipsis));
	dict_set_cstr(b, "__debug__", val_bool(1));
	dict_set_cstr(b, "__name__", val_obj(str_cstr("builtins")));

	in->types[T_INT]->ctor = ctor_int;
	in->types[T_FLOAT]->ctor = ctor_float;
	in->types[T_BOOL]->ctor = ctor_bool;
	in->types[T_NONETYPE]->ctor = ctor_none;
	in->types[T_PROPERTY]->ctor = ctor_property;
	in->types[T_STATICMETHOD]->ctor = ctor_staticmethod;
	in->types[T_CLASSMETHOD]->ctor = ctor_classmethod;
	in->types[T_SUPER]->ctor = bi_super;
	in->types[T_ENUMERATE]->ctor = bi_enumerate;
	in->types[T_ZIP]->ctor = bi_zip;
	in->types[T_MAP]->ctor = bi_map;
	in->types[T_FILTER]->ctor = bi_filter;
	in->types[T_REVERSED]->ctor = bi_reversed;
	type_add_method(in->types[T_PROPERTY], "getter", prop_getter);
	type_add_method(in->types[T_PROPERTY], "setter", prop_setter);
	type_add_method(in->types[T_PROPERTY], "deleter", prop_deleter);
	type_add_method(in->types[T_INT], "bit_length", int_bit_length);
	type_add_method(in->types[T_INT], "bit_count", int_bit_count);
	type_add_method(in->types[T_INT], "conjugate", num_conjugate);
	type_add_method(in->types[T_FLOAT], "is_integer", float_is_integer);
	type_add_method(in->types[T_FLOAT], "conjugate", num_conjugate);
	{
		struct type *o = in->types[T_OBJECT];
		struct wrapper *w;

		type_add_method(o, "__init__", object_init);
		dict_set_cstr(o->dict, "__new__", val_obj(cfunc_new("__new__",
		    object_new, val_null())));
		type_add_method(o, "__repr__", object_repr);
		type_add_method(o, "__str__", object_str);
		type_add_method(o, "__eq__", object_eq);
		type_add_method(o, "__ne__", object_ne);
		type_add_method(o, "__hash__", object_hash);
		type_add_method(o, "__setattr__", object_setattr);
		type_add_method(o, "__getattribute__", object_getattribute);
		w = obj_alloc(in->types[T_CLASSMETHOD], sizeof *w);
		w->fn = val_obj(cfunc_new("__init_subclass__", object_init_subclass,
		    val_null()));
		dict_set_cstr(o->dict, "__init_subclass__", val_obj(w));
	}
	type_add_method(in->types[T_TYPE], "mro", type_mro);
	type_add_method(in->exc[E_BaseException], "__init__", exc_init);
	type_add_method(in->exc[E_BaseException], "__str__", exc_str_m);
	type_add_method(in->exc[E_BaseException], "with_traceback",
	    exc_with_traceback);
	type_add_method(in->types[T_GENERATOR], "send", gen_m_send);
	type_add_method(in->types[T_GENERATOR], "throw", gen_m_throw);
	type_add_method(in->types[T_GENERATOR], "close", gen_m_close);
	type_add_method(in->types[T_GENERATOR], "__next__", gen_m_next);
	type_add_method(in->types[T_GENERATOR], "__iter__", gen_m_iter);
	type_add_method(in->types[T_ITERATOR], "__next__", iter_m_next);
	type_add_method(in->types[T_ITERATOR], "__iter__", gen_m_iter);
	containers_init(in);
	str_init(in);
}

/* ---- import ------------------------------------------------------------- */

/* Import a provided module by name. */
struct val
vm_import(struct vm_thread *t, struct str *name)
{
	struct interp	*in = t->interp;
	struct val	 m = dict_get_str(in->modules, name);
	int		 i;

	if (m.tag != V_NULL)
		return val_dup(m);
	for (i = 0; vm_module_table[i].name != NULL; i++) {
		if (strcmp(vm_module_table[i].name, name->data) == 0) {
			struct module *mod = vm_module_table[i].init(t);

			if (mod == NULL)
				return val_null();
			dict_set_str(in->modules, name, val_obj(mod));
			return val_obj(mod);
		}
	}
	return vm_raise(t, EXC(ModuleNotFoundError), "No module named '%s'",
	    name->data);
}

/* ---- interpreter -------------------------------------------------------- */

/* Create an interpreter with its main thread attached. */
struct interp *
interp_create(void)
{
	struct interp		*in = xcalloc(1, sizeof *in);
	struct vm_thread	*t;
	int			 i;

	in->objects.next = in->objects.prev = &in->objects;
	in->recursion_limit = VM_RECURSION_LIMIT;
	in->switch_interval_ns = 5000000;
	t = vm_thread_create(in);
	in->main_thread = t;
	vm_cur = t;
	types_init(in);
	in->empty_tuple = NULL;
	in->empty_tuple = tuple_new(0);
	{
		struct obj *ni = obj_alloc(in->types[T_NOTIMPLTYPE], sizeof(struct obj));
		struct obj *el = obj_alloc(in->types[T_ELLIPSISTYPE], sizeof(struct obj));

		in->none_notimpl = val_obj(ni);
		in->ellipsis = val_obj(el);
	}
	in->empty_str = str_new("", 0);
	for (i = 0; i < 128; i++) {
		char c = (char)i;

		in->chars[i] = str_new(&c, 1);
	}
	in->builtins = dict_new();
	in->modules = dict_new();
	builtins_init(in);
	in->main_globals = dict_new();
	dict_set_cstr(in->main_globals, "__name__", val_obj(str_cstr("__main__")));
	dict_set_cstr(in->main_globals, "__builtins__",
	    val_dup(val_obj(in->builtins)));
	dict_set_cstr(in->main_globals, "__doc__", val_none());
	in->argv = list_new(0);
	in->mti = 625;
	return in;
}

/* Free an interpreter and every object it owns. */
void
interp_free(struct interp *in)
{
	struct vm_source *s, *n;

	if (in == NULL)
		return;
	vm_cur = in->main_thread;
	while (in->threads != NULL && in->threads != in->main_thread)
		vm_thread_free(in->threads);
	val_decref(in->main_thread->exc);
	val_decref(in->main_thread->handled);
	in->main_thread->exc = in->main_thread->handled = val_null();
	obj_free_all(in);
	vm_cur = NULL;
	in->main_thread->exc = in->main_thread->handled = val_null();
	vm_thread_free(in->main_thread);
	for (s = in->sources; s != NULL; s = n) {
		n = s->next;
		free(s->path);
		free(s->text);
		free(s);
	}
	free(in);
}
