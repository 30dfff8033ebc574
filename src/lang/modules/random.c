/*
 * random.c — the random module: Mersenne Twister MT19937 seeded and used
 * exactly as CPython does for integer seeds, so seeded output matches
 * (random, randint, randrange, choice, shuffle, uniform, sample, getrandbits).
 * The generator state lives in the interpreter.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "lang/lang.h"

#define MT_N	624
#define MT_M	397

static void
mt_init(struct interp *in, uint32_t s)
{
	int i;

	in->mt[0] = s;
	for (i = 1; i < MT_N; i++)
		in->mt[i] = 1812433253U * (in->mt[i - 1] ^ (in->mt[i - 1] >> 30)) +
		    (uint32_t)i;
	in->mti = MT_N;
}

/* Seed from an array of words (under the state's stripe when threaded). */
static void
mt_init_by_array(struct interp *in, const uint32_t *key, int len)
{
	int i = 1, j = 0, k;

	obj_lock(in->mt);
	mt_init(in, 19650218U);
	for (k = MT_N > len ? MT_N : len; k; k--) {
		in->mt[i] = (in->mt[i] ^ ((in->mt[i - 1] ^ (in->mt[i - 1] >> 30)) *
		    1664525U)) + key[j] + (uint32_t)j;
		i++;
		j++;
		if (i >= MT_N) {
			in->mt[0] = in->mt[MT_N - 1];
			i = 1;
		}
		if (j >= len)
			j = 0;
	}
	for (k = MT_N - 1; k; k--) {
		in->mt[i] = (in->mt[i] ^ ((in->mt[i - 1] ^ (in->mt[i - 1] >> 30)) *
		    1566083941U)) - (uint32_t)i;
		i++;
		if (i >= MT_N) {
			in->mt[0] = in->mt[MT_N - 1];
			i = 1;
		}
	}
	in->mt[0] = 0x80000000U;
	in->mti = MT_N;
	obj_unlock(in->mt);
}

static uint32_t
mt_next_locked(struct interp *in)
{
	static const uint32_t mag01[2] = { 0, 0x9908b0dfU };
	uint32_t y;
	int kk;

	if (in->mti >= MT_N) {
		if (in->mti == MT_N + 1)
			mt_init(in, 5489U);
		for (kk = 0; kk < MT_N - MT_M; kk++) {
			y = (in->mt[kk] & 0x80000000U) | (in->mt[kk + 1] & 0x7fffffffU);
			in->mt[kk] = in->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1];
		}
		for (; kk < MT_N - 1; kk++) {
			y = (in->mt[kk] & 0x80000000U) | (in->mt[kk + 1] & 0x7fffffffU);
			in->mt[kk] = in->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1];
		}
		y = (in->mt[MT_N - 1] & 0x80000000U) | (in->mt[0] & 0x7fffffffU);
		in->mt[MT_N - 1] = in->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1];
		in->mti = 0;
	}
	y = in->mt[in->mti++];
	y ^= (y >> 11);
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= (y >> 18);
	return y;
}

/* The next 32 random bits; the state's stripe is held when threaded. */
static uint32_t
mt_next(struct interp *in)
{
	uint32_t y;

	obj_lock(in->mt);
	y = mt_next_locked(in);
	obj_unlock(in->mt);
	return y;
}

/* Seed from a 64-bit integer like CPython (abs value, 32-bit words). */
static void
rnd_seed_int(struct interp *in, int64_t n)
{
	uint64_t	u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	uint32_t	key[2];
	int		len = 0;

	key[len++] = (uint32_t)u;
	if (u >> 32)
		key[len++] = (uint32_t)(u >> 32);
	mt_init_by_array(in, key, len);
}

/* Make sure the generator is seeded. */
static void
rnd_ensure(struct interp *in)
{
	int unseeded;

	obj_lock(in->mt);
	unseeded = in->mti > MT_N;
	obj_unlock(in->mt);
	if (unseeded) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		rnd_seed_int(in, (int64_t)ts.tv_nsec ^ ((int64_t)ts.tv_sec << 20));
	}
}

static double
rnd_random(struct interp *in)
{
	uint32_t a, b;

	rnd_ensure(in);
	a = mt_next(in) >> 5;
	b = mt_next(in) >> 6;
	return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* getrandbits(k) for 0 < k <= 64. */
static uint64_t
rnd_bits(struct interp *in, int k)
{
	uint64_t r;

	rnd_ensure(in);
	if (k <= 32)
		return mt_next(in) >> (32 - k);
	r = mt_next(in);
	r |= (uint64_t)(mt_next(in) >> (64 - k)) << 32;
	return r;
}

/* A random int in [0, n). */
static int64_t
rnd_below(struct interp *in, int64_t n)
{
	int		k = 0;
	uint64_t	u = (uint64_t)n, r;

	if (n <= 0)
		return 0;
	while (u) {
		k++;
		u >>= 1;
	}
	do
		r = rnd_bits(in, k);
	while (r >= (uint64_t)n);
	return (int64_t)r;
}

static struct val
rnd_m_seed(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (nargs == 0 || args[0].tag == V_NONE) {
		obj_lock(t->interp->mt);
		t->interp->mti = MT_N + 1 + 1;
		obj_unlock(t->interp->mt);
		rnd_ensure(t->interp);
		return val_none();
	}
	if (args[0].tag == V_INT || args[0].tag == V_BOOL)
		rnd_seed_int(t->interp, args[0].u.i);
	else if (args[0].tag == V_FLOAT) {
		int64_t h = obj_hash(t, args[0]);

		rnd_seed_int(t->interp, h);
	} else if (IS_STR(args[0])) {
		struct str	*s = VAL_AS(str, args[0]);
		uint32_t	*key = calloc((size_t)(s->len / 4 + 1), sizeof *key);
		int64_t		 i;

		for (i = 0; i < s->len; i++)
			key[i / 4] |= (uint32_t)(unsigned char)s->data[s->len - 1 - i] <<
			    (8 * (i % 4));
		mt_init_by_array(t->interp, key, (int)(s->len / 4 + 1));
		free(key);
	} else {
		int64_t h = obj_hash(t, args[0]);

		if (h == -1 && t->exc.tag != V_NULL)
			return val_null();
		rnd_seed_int(t->interp, h);
	}
	return val_none();
}

static struct val
rnd_m_random(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)args; (void)nargs; (void)kw;
	return val_float(rnd_random(t->interp));
}

static struct val
rnd_m_getrandbits(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	int64_t k;

	(void)kw;
	if (arg_count(t, "getrandbits", nargs, 1, 1) < 0 ||
	    val_to_index(t, args[0], &k) < 0)
		return val_null();
	if (k < 0)
		return vm_raise(t, EXC(ValueError), "number of bits must be non-negative");
	if (k == 0)
		return val_int(0);
	if (k > 63)
		return vm_raise(t, EXC(OverflowError),
		    "integer overflow: the result does not fit in 64 bits (concviz integers are 64-bit)");
	return val_int((int64_t)rnd_bits(t->interp, (int)k));
}

/* randrange(start[, stop[, step]]) */
static struct val
rnd_range(struct vm_thread *t, int64_t start, int64_t stop, int64_t step,
    int have_stop)
{
	int64_t width, n;

	if (!have_stop) {
		if (start > 0)
			return val_int(rnd_below(t->interp, start));
		return vm_raise(t, EXC(ValueError), "empty range for randrange()");
	}
	width = stop - start;
	if (step == 1) {
		if (width > 0)
			return val_int(start + rnd_below(t->interp, width));
		return vm_raise(t, EXC(ValueError),
		    "empty range for randrange() (%lld, %lld, %lld)", (long long)start,
		    (long long)stop, (long long)width);
	}
	if (step == 0)
		return vm_raise(t, EXC(ValueError), "zero step for randrange()");
	if (step > 0)
		n = (width + step - 1) / step;
	else
		n = (width + step + 1) / step;
	if (n <= 0)
		return vm_raise(t, EXC(ValueError), "empty range for randrange()");
	return val_int(start + step * rnd_below(t->interp, n));
}

static struct val
rnd_m_randrange(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	int64_t a, b = 0, c = 1;

	(void)kw;
	if (arg_count(t, "randrange", nargs, 1, 3) < 0)
		return val_null();
	if (val_to_index(t, args[0], &a) < 0 ||
	    (nargs > 1 && val_to_index(t, args[1], &b) < 0) ||
	    (nargs > 2 && val_to_index(t, args[2], &c) < 0))
		return val_null();
	return rnd_range(t, a, b, c, nargs > 1);
}

static struct val
rnd_m_randint(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t a, b;

	(void)kw;
	if (arg_count(t, "randint", nargs, 2, 2) < 0 ||
	    val_to_index(t, args[0], &a) < 0 || val_to_index(t, args[1], &b) < 0)
		return val_null();
	return rnd_range(t, a, b + 1, 1, 1);
}

static struct val
rnd_m_choice(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t n;

	(void)kw;
	if (arg_count(t, "choice", nargs, 1, 1) < 0)
		return val_null();
	n = obj_len(t, args[0]);
	if (n < 0)
		return val_null();
	if (n == 0)
		return vm_raise(t, EXC(IndexError), "Cannot choose from an empty sequence");
	return obj_getitem(t, args[0], val_int(rnd_below(t->interp, n)));
}

static struct val
rnd_m_shuffle(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*l;
	int64_t		 i;

	(void)kw;
	if (arg_count(t, "shuffle", nargs, 1, 1) < 0)
		return val_null();
	if (!IS_LIST(args[0]))
		return vm_raise(t, EXC(TypeError), "shuffle() needs a list");
	l = VAL_AS(list, args[0]);
	for (i = l->len - 1; i > 0; i--) {
		int64_t j = rnd_below(t->interp, i + 1);
		struct val x = l->items[i];

		l->items[i] = l->items[j];
		l->items[j] = x;
	}
	return val_none();
}

static struct val
rnd_m_uniform(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double a, b;

	(void)kw;
	if (arg_count(t, "uniform", nargs, 2, 2) < 0 || arg_float(t, args[0], &a) < 0 ||
	    arg_float(t, args[1], &b) < 0)
		return val_null();
	return val_float(a + (b - a) * rnd_random(t->interp));
}

static struct val
rnd_m_sample(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*pool, *res;
	int64_t		 n, k, i, setsize = 21;
	struct val	 kv = nargs > 1 ? args[1] : kw_get(kw, "k");

	if (nargs < 1 || kv.tag == V_NULL)
		return vm_raise(t, EXC(TypeError),
		    "sample() missing 1 required positional argument: 'k'");
	if (val_is_obj(args[0], L_SETO))
		return vm_raise(t, EXC(TypeError),
		    "Population must be a sequence.  For dicts or sets, use sorted(d).");
	pool = seq_to_list(t, args[0]);
	if (pool == NULL || val_to_index(t, kv, &k) < 0) {
		if (pool)
			OBJ_DECREF(pool);
		return val_null();
	}
	n = pool->len;
	if (k < 0 || k > n) {
		OBJ_DECREF(pool);
		return vm_raise(t, EXC(ValueError), "Sample larger than population or is negative");
	}
	res = list_new(k);
	if (k > 5)
		setsize += (int64_t)pow(4, ceil(log((double)k * 3) / log(4)));
	if (n <= setsize) {
		for (i = 0; i < k; i++) {
			int64_t j = rnd_below(t->interp, n - i);

			res->items[i] = val_dup(pool->items[j]);
			val_decref(pool->items[j]);
			pool->items[j] = pool->items[n - i - 1];
			pool->items[n - i - 1] = val_none();
		}
	} else {
		struct set *sel = set_new(0);

		for (i = 0; i < k; i++) {
			int64_t j = rnd_below(t->interp, n);

			while (set_contains(sel, val_int(j)))
				j = rnd_below(t->interp, n);
			set_add(sel, val_int(j));
			res->items[i] = val_dup(pool->items[j]);
		}
		OBJ_DECREF(sel);
	}
	res->len = k;
	OBJ_DECREF(pool);
	return val_obj(res);
}

static struct val
rnd_m_choices(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct list	*pool, *res;
	int64_t		 k = 1, i, n;
	struct val	 kv = kw_get(kw, "k");

	if (arg_count(t, "choices", nargs, 1, 2) < 0)
		return val_null();
	if (kw_get(kw, "weights").tag != V_NULL || kw_get(kw, "cum_weights").tag != V_NULL)
		return vm_raise(t, EXC(NotImplementedError),
		    "choices() with weights is not supported by concviz");
	if (kv.tag != V_NULL && val_to_index(t, kv, &k) < 0)
		return val_null();
	pool = seq_to_list(t, args[0]);
	if (pool == NULL)
		return val_null();
	n = pool->len;
	res = list_new(k);
	for (i = 0; i < k; i++)
		list_append(res, val_dup(pool->items[(int64_t)floor(rnd_random(t->interp) *
		    (double)n)]));
	OBJ_DECREF(pool);
	return val_obj(res);
}

/* Build the random module. */
struct module *
mod_random_init(struct vm_thread *t)
{
	static const struct { const char *n; cfunc_fn f; } fns[] = {
		{ "seed", rnd_m_seed }, { "random", rnd_m_random },
		{ "getrandbits", rnd_m_getrandbits }, { "randrange", rnd_m_randrange },
		{ "randint", rnd_m_randint }, { "choice", rnd_m_choice },
		{ "shuffle", rnd_m_shuffle }, { "uniform", rnd_m_uniform },
		{ "sample", rnd_m_sample }, { "choices", rnd_m_choices },
	};
	struct module	*m = module_new("random");
	size_t		 i;

	(void)t;
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		module_add_func(m, fns[i].n, fns[i].f);
	return m;
}
