/*
 * math.c — the math module basics: constants, roots, rounding, logs,
 * trigonometry, gcd/lcm, factorial, isclose.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lang/lang.h"

static int
math_arg(struct vm_thread *t, struct val v, double *d)
{
	if (arg_float(t, v, d) < 0) {
		vm_clear_exc(t);
		vm_raise(t, EXC(TypeError), "must be real number, not %s",
		    val_type_name(v));
		return -1;
	}
	return 0;
}

static struct val
math_domain(struct vm_thread *t)
{
	return vm_raise(t, EXC(ValueError), "math domain error");
}

/* One-argument float functions. */
#define MATH1(name, expr, domain)					\
static struct val							\
math_##name(struct vm_thread *t, struct val *args, int nargs,		\
    struct dict *kw)							\
{									\
	double x;							\
									\
	(void)kw;							\
	if (arg_count(t, #name, nargs, 1, 1) < 0 ||			\
	    math_arg(t, args[0], &x) < 0)				\
		return val_null();					\
	if (domain)							\
		return math_domain(t);					\
	return val_float(expr);						\
}
MATH1(sqrt, sqrt(x), x < 0)
MATH1(exp, exp(x), 0)
MATH1(log2, log2(x), x <= 0)
MATH1(log10, log10(x), x <= 0)
MATH1(sin, sin(x), isinf(x))
MATH1(cos, cos(x), isinf(x))
MATH1(tan, tan(x), isinf(x))
MATH1(asin, asin(x), x < -1 || x > 1)
MATH1(acos, acos(x), x < -1 || x > 1)
MATH1(atan, atan(x), 0)
MATH1(sinh, sinh(x), 0)
MATH1(cosh, cosh(x), 0)
MATH1(tanh, tanh(x), 0)
MATH1(fabs, fabs(x), 0)
MATH1(degrees, x * 180.0 / M_PI, 0)
MATH1(radians, x * M_PI / 180.0, 0)

/* floor / ceil / trunc return ints. */
static struct val
math_round_to_int(struct vm_thread *t, struct val *args, int nargs, int mode)
{
	double x;

	if (arg_count(t, mode == 0 ? "floor" : mode == 1 ? "ceil" : "trunc", nargs,
	    1, 1) < 0)
		return val_null();
	if (args[0].tag == V_INT || args[0].tag == V_BOOL)
		return val_int(args[0].u.i);
	if (math_arg(t, args[0], &x) < 0)
		return val_null();
	if (isnan(x))
		return vm_raise(t, EXC(ValueError), "cannot convert float NaN to integer");
	if (isinf(x))
		return vm_raise(t, EXC(OverflowError),
		    "cannot convert float infinity to integer");
	x = mode == 0 ? floor(x) : mode == 1 ? ceil(x) : trunc(x);
	if (fabs(x) >= 9.2233720368547758e18)
		return vm_raise(t, EXC(OverflowError),
		    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
	return val_int((int64_t)x);
}

static struct val
math_floor(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return math_round_to_int(t, a, n, 0);
}

static struct val
math_ceil(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return math_round_to_int(t, a, n, 1);
}

static struct val
math_trunc(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return math_round_to_int(t, a, n, 2);
}

static struct val
math_log(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double x, b;

	(void)kw;
	if (arg_count(t, "log", nargs, 1, 2) < 0 || math_arg(t, args[0], &x) < 0)
		return val_null();
	if (x <= 0)
		return math_domain(t);
	if (nargs == 1)
		return val_float(log(x));
	if (math_arg(t, args[1], &b) < 0)
		return val_null();
	if (b <= 0 || b == 1)
		return b == 1 ? vm_raise(t, EXC(ZeroDivisionError), "float division by zero") :
		    math_domain(t);
	return val_float(log(x) / log(b));
}

static struct val
math_pow(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double x, y, r;

	(void)kw;
	if (arg_count(t, "pow", nargs, 2, 2) < 0 || math_arg(t, args[0], &x) < 0 ||
	    math_arg(t, args[1], &y) < 0)
		return val_null();
	if ((x == 0 && y < 0) || (x < 0 && y != floor(y) && isfinite(y)))
		return math_domain(t);
	r = pow(x, y);
	if (isinf(r) && isfinite(x) && isfinite(y))
		return vm_raise(t, EXC(OverflowError), "math range error");
	return val_float(r);
}

static struct val
math_atan2(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double y, x;

	(void)kw;
	if (arg_count(t, "atan2", nargs, 2, 2) < 0 || math_arg(t, args[0], &y) < 0 ||
	    math_arg(t, args[1], &x) < 0)
		return val_null();
	return val_float(atan2(y, x));
}

static struct val
math_fmod(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double x, y;

	(void)kw;
	if (arg_count(t, "fmod", nargs, 2, 2) < 0 || math_arg(t, args[0], &x) < 0 ||
	    math_arg(t, args[1], &y) < 0)
		return val_null();
	if (y == 0)
		return math_domain(t);
	return val_float(fmod(x, y));
}

static struct val
math_copysign(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double x, y;

	(void)kw;
	if (arg_count(t, "copysign", nargs, 2, 2) < 0 ||
	    math_arg(t, args[0], &x) < 0 || math_arg(t, args[1], &y) < 0)
		return val_null();
	return val_float(copysign(x, y));
}

static struct val
math_hypot(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double acc = 0, x;
	int i;

	(void)kw;
	for (i = 0; i < nargs; i++) {
		if (math_arg(t, args[i], &x) < 0)
			return val_null();
		acc = hypot(acc, x);
	}
	return val_float(acc);
}

/* isinf / isnan / isfinite */
static struct val
math_class(struct vm_thread *t, struct val *args, int nargs, int which)
{
	double x;

	if (arg_count(t, "isinf", nargs, 1, 1) < 0 || math_arg(t, args[0], &x) < 0)
		return val_null();
	return val_bool(which == 0 ? isinf(x) : which == 1 ? isnan(x) : isfinite(x));
}

static struct val
math_isinf(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return math_class(t, a, n, 0);
}

static struct val
math_isnan(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return math_class(t, a, n, 1);
}

static struct val
math_isfinite(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	(void)kw;
	return math_class(t, a, n, 2);
}

static struct val
math_isclose(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double a, b, rel = 1e-9, abs_tol = 0.0, diff;
	struct val rv = kw_get(kw, "rel_tol"), av = kw_get(kw, "abs_tol");

	if (arg_count(t, "isclose", nargs, 2, 2) < 0 || math_arg(t, args[0], &a) < 0 ||
	    math_arg(t, args[1], &b) < 0)
		return val_null();
	if (rv.tag != V_NULL && math_arg(t, rv, &rel) < 0)
		return val_null();
	if (av.tag != V_NULL && math_arg(t, av, &abs_tol) < 0)
		return val_null();
	if (rel < 0 || abs_tol < 0)
		return vm_raise(t, EXC(ValueError), "tolerances must be non-negative");
	if (a == b)
		return val_bool(1);
	if (isinf(a) || isinf(b))
		return val_bool(0);
	diff = fabs(b - a);
	return val_bool((diff <= fabs(rel * b)) || (diff <= fabs(rel * a)) ||
	    diff <= abs_tol);
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b) {
		int64_t r = a % b;

		a = b;
		b = r;
	}
	return a;
}

static struct val
math_gcd(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t g = 0, x;
	int i;

	(void)kw;
	for (i = 0; i < nargs; i++) {
		if (args[i].tag == V_FLOAT)
			return vm_raise(t, EXC(TypeError),
			    "'float' object cannot be interpreted as an integer");
		if (val_to_index(t, args[i], &x) < 0)
			return val_null();
		g = gcd64(g, x);
	}
	return val_int(g);
}

static struct val
math_lcm(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t l = 1, x, r;
	int i;

	(void)kw;
	for (i = 0; i < nargs; i++) {
		if (val_to_index(t, args[i], &x) < 0)
			return val_null();
		if (x == 0 || l == 0) {
			l = 0;
			continue;
		}
		if (__builtin_mul_overflow(l / gcd64(l, x), x < 0 ? -x : x, &r))
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
		l = r;
	}
	return val_int(l);
}

static struct val
math_factorial(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t n, r = 1, i;

	(void)kw;
	if (arg_count(t, "factorial", nargs, 1, 1) < 0)
		return val_null();
	if (args[0].tag == V_FLOAT)
		return vm_raise(t, EXC(TypeError),
		    "'float' object cannot be interpreted as an integer");
	if (val_to_index(t, args[0], &n) < 0)
		return val_null();
	if (n < 0)
		return vm_raise(t, EXC(ValueError),
		    "factorial() not defined for negative values");
	for (i = 2; i <= n; i++)
		if (__builtin_mul_overflow(r, i, &r))
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
	return val_int(r);
}

static struct val
math_comb(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t n, k, r = 1, i;

	(void)kw;
	if (arg_count(t, "comb", nargs, 2, 2) < 0 || val_to_index(t, args[0], &n) < 0 ||
	    val_to_index(t, args[1], &k) < 0)
		return val_null();
	if (n < 0 || k < 0)
		return vm_raise(t, EXC(ValueError), "%s must be a non-negative integer",
		    n < 0 ? "n" : "k");
	if (k > n)
		return val_int(0);
	if (k > n - k)
		k = n - k;
	for (i = 1; i <= k; i++) {
		__int128 x = (__int128)r * (n - k + i);

		x /= i;
		if (x > INT64_MAX)
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
		r = (int64_t)x;
	}
	return val_int(r);
}

static struct val
math_perm(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t n, k, r = 1, i;

	(void)kw;
	if (arg_count(t, "perm", nargs, 1, 2) < 0 || val_to_index(t, args[0], &n) < 0)
		return val_null();
	k = n;
	if (nargs > 1 && args[1].tag != V_NONE && val_to_index(t, args[1], &k) < 0)
		return val_null();
	if (n < 0 || k < 0)
		return vm_raise(t, EXC(ValueError), "%s must be a non-negative integer",
		    n < 0 ? "n" : "k");
	if (k > n)
		return val_int(0);
	for (i = n - k + 1; i <= n; i++)
		if (__builtin_mul_overflow(r, i, &r))
			return vm_raise(t, EXC(OverflowError),
			    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
	return val_int(r);
}

static struct val
math_prod(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l;
	struct val	 acc = kw_get(kw, "start"), r;
	int64_t		 i;

	if (arg_count(t, "prod", nargs, 1, 1) < 0)
		return val_null();
	acc = acc.tag != V_NULL ? val_dup(acc) : val_int(1);
	l = seq_to_list(t, args[0]);
	if (l == NULL) {
		val_decref(acc);
		return val_null();
	}
	for (i = 0; i < l->len; i++) {
		r = obj_binop(t, OP_MUL, acc, l->items[i], 0);
		val_decref(acc);
		if (r.tag == V_NULL) {
			OBJ_DECREF(l);
			return r;
		}
		acc = r;
	}
	OBJ_DECREF(l);
	return acc;
}

static struct val
math_fsum(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l;
	double		 partials[64], x;
	int		 np = 0, j;
	int64_t		 i;

	(void)kw;
	if (arg_count(t, "fsum", nargs, 1, 1) < 0)
		return val_null();
	l = seq_to_list(t, args[0]);
	if (l == NULL)
		return val_null();
	for (i = 0; i < l->len; i++) {
		int k = 0;

		if (math_arg(t, l->items[i], &x) < 0) {
			OBJ_DECREF(l);
			return val_null();
		}
		for (j = 0; j < np; j++) {
			double y = partials[j], hi, lo;

			if (fabs(x) < fabs(y)) {
				double tmp = x;

				x = y;
				y = tmp;
			}
			hi = x + y;
			lo = y - (hi - x);
			if (lo != 0.0)
				partials[k++] = lo;
			x = hi;
		}
		np = k;
		if (np < 63)
			partials[np++] = x;
	}
	OBJ_DECREF(l);
	{
		double hi = 0.0, lo = 0.0;

		if (np > 0) {
			hi = partials[--np];
			while (np > 0) {
				double y;

				x = hi;
				y = partials[--np];
				hi = x + y;
				lo = y - (hi - x);
				if (lo != 0.0)
					break;
			}
			if (np > 0 && ((lo < 0.0 && partials[np - 1] < 0.0) ||
			    (lo > 0.0 && partials[np - 1] > 0.0))) {
				double y = lo * 2.0;

				x = hi + y;
				if (y == x - hi)
					hi = x;
			}
		}
		return val_float(hi);
	}
}

static struct val
math_dist(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*p, *q;
	double		 acc = 0, a, b;
	int64_t		 i;

	(void)kw;
	if (arg_count(t, "dist", nargs, 2, 2) < 0)
		return val_null();
	p = seq_to_list(t, args[0]);
	q = p ? seq_to_list(t, args[1]) : NULL;
	if (p == NULL || q == NULL) {
		if (p)
			OBJ_DECREF(p);
		return val_null();
	}
	if (p->len != q->len) {
		OBJ_DECREF(p);
		OBJ_DECREF(q);
		return vm_raise(t, EXC(ValueError),
		    "both points must have the same number of dimensions");
	}
	for (i = 0; i < p->len; i++) {
		if (math_arg(t, p->items[i], &a) < 0 || math_arg(t, q->items[i], &b) < 0) {
			OBJ_DECREF(p);
			OBJ_DECREF(q);
			return val_null();
		}
		acc = hypot(acc, a - b);
	}
	OBJ_DECREF(p);
	OBJ_DECREF(q);
	return val_float(acc);
}

/* Build the math module. */
struct module *
mod_math_init(struct vm_thread *t)
{
	static const struct { const char *n; cfunc_fn f; } fns[] = {
		{ "sqrt", math_sqrt }, { "exp", math_exp }, { "log", math_log },
		{ "log2", math_log2 }, { "log10", math_log10 }, { "sin", math_sin },
		{ "cos", math_cos }, { "tan", math_tan }, { "asin", math_asin },
		{ "acos", math_acos }, { "atan", math_atan }, { "atan2", math_atan2 },
		{ "sinh", math_sinh }, { "cosh", math_cosh }, { "tanh", math_tanh },
		{ "fabs", math_fabs }, { "degrees", math_degrees },
		{ "radians", math_radians }, { "floor", math_floor },
		{ "ceil", math_ceil }, { "trunc", math_trunc }, { "pow", math_pow },
		{ "fmod", math_fmod }, { "copysign", math_copysign },
		{ "hypot", math_hypot }, { "isinf", math_isinf },
		{ "isnan", math_isnan }, { "isfinite", math_isfinite },
		{ "isclose", math_isclose }, { "gcd", math_gcd }, { "lcm", math_lcm },
		{ "factorial", math_factorial }, { "comb", math_comb },
		{ "perm", math_perm }, { "prod", math_prod }, { "fsum", math_fsum },
		{ "dist", math_dist },
	};
	struct module	*m = module_new("math");
	size_t		 i;

	(void)t;
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		module_add_func(m, fns[i].n, fns[i].f);
	dict_set_cstr(m->dict, "pi", val_float(M_PI));
	dict_set_cstr(m->dict, "e", val_float(M_E));
	dict_set_cstr(m->dict, "tau", val_float(2 * M_PI));
	dict_set_cstr(m->dict, "inf", val_float(INFINITY));
	dict_set_cstr(m->dict, "nan", val_float(NAN));
	return m;
}
