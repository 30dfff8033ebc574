/*
 * ipc-wire.c — encoder and decoder of the IPC value format (ipc-wire.h).
 *
 * The decoder is a parser of untrusted bytes: a message from a child that
 * crashed mid-write, or a fuzzer. It checks every length against the bytes
 * left before allocating, bounds recursion, validates UTF-8, and rejects
 * trailing bytes. Pure functions: no I/O, no global state, any thread.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "rt/ipc-wire.h"

/* A new value of the given type. */
static struct ipc_value *
ipc_value_new(enum ipc_wire_type type)
{
	struct ipc_value *v = xcalloc(1, sizeof *v);

	v->type = type;
	return v;
}

struct ipc_value *
ipc_value_none(void)
{
	return ipc_value_new(IPC_NONE);
}

struct ipc_value *
ipc_value_bool(int b)
{
	struct ipc_value *v = ipc_value_new(IPC_BOOL);

	v->i = b != 0;
	return v;
}

struct ipc_value *
ipc_value_int(int64_t i)
{
	struct ipc_value *v = ipc_value_new(IPC_INT);

	v->i = i;
	return v;
}

struct ipc_value *
ipc_value_float(double f)
{
	struct ipc_value *v = ipc_value_new(IPC_FLOAT);

	v->f = f;
	return v;
}

/* A byte string value (STR or BYTES), NUL-terminated copy. */
static struct ipc_value *
ipc_value_blob(enum ipc_wire_type type, const void *p, size_t len)
{
	struct ipc_value *v = ipc_value_new(type);

	v->s = xmalloc(len + 1);
	if (len != 0)
		memcpy(v->s, p, len);
	v->s[len] = '\0';
	v->len = len;
	return v;
}

struct ipc_value *
ipc_value_str(const char *s, size_t len)
{
	return ipc_value_blob(IPC_STR, s, len);
}

struct ipc_value *
ipc_value_bytes(const void *p, size_t len)
{
	return ipc_value_blob(IPC_BYTES, p, len);
}

struct ipc_value *
ipc_value_container(enum ipc_wire_type type)
{
	assert((type == IPC_TUPLE || type == IPC_LIST || type == IPC_DICT ||
	    type == IPC_SET) && "ipc_value_container: not a container type");
	return ipc_value_new(type);
}

/* The capacity of an items array holding n: a power of two, at least 4. */
static size_t
ipc_value_cap(size_t n)
{
	size_t cap = 4;

	while (cap < n)
		cap *= 2;
	return cap;
}

/* Append an item, growing the array geometrically. */
void
ipc_value_append(struct ipc_value *c, struct ipc_value *item)
{
	assert(c->type >= IPC_TUPLE && c->type <= IPC_SET &&
	    "ipc_value_append: not a container");
	if (c->n == 0 || (c->n >= 4 && (c->n & (c->n - 1)) == 0))
		c->items = xreallocarray(c->items, ipc_value_cap(c->n + 1),
		    sizeof *c->items);
	c->items[c->n++] = item;
}

/* A value named by module and class with one payload (EXC, OBJ). */
static struct ipc_value *
ipc_value_named(enum ipc_wire_type type, const char *module, const char *cls,
    struct ipc_value *payload)
{
	struct ipc_value *v = ipc_value_new(type);

	v->s = xstrdup(module);
	v->len = strlen(module);
	v->s2 = xstrdup(cls);
	v->items = xmalloc(sizeof *v->items);
	v->items[0] = payload;
	v->n = 1;
	return v;
}

struct ipc_value *
ipc_value_exc(const char *module, const char *cls, struct ipc_value *args)
{
	assert(args != NULL && args->type == IPC_TUPLE &&
	    "ipc_value_exc: args must be a tuple");
	return ipc_value_named(IPC_EXC, module, cls, args);
}

struct ipc_value *
ipc_value_obj(const char *module, const char *cls, struct ipc_value *state)
{
	assert(state != NULL && state->type == IPC_DICT &&
	    "ipc_value_obj: the state must be a dict");
	return ipc_value_named(IPC_OBJ, module, cls, state);
}

void
ipc_value_free(struct ipc_value *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		ipc_value_free(v->items[i]);
	free(v->items);
	free(v->s);
	free(v->s2);
	free(v);
}

int
ipc_value_equal(const struct ipc_value *a, const struct ipc_value *b)
{
	size_t i;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case IPC_NONE:
		return 1;
	case IPC_BOOL:
	case IPC_INT:
		return a->i == b->i;
	case IPC_FLOAT:
		return memcmp(&a->f, &b->f, sizeof a->f) == 0;
	case IPC_STR:
	case IPC_BYTES:
		return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	case IPC_EXC:
	case IPC_OBJ:
		if (strcmp(a->s, b->s) != 0 || strcmp(a->s2, b->s2) != 0)
			return 0;
		/* FALLTHROUGH */
	default:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!ipc_value_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	}
}

/* --- encoder --------------------------------------------------------- */

static void
wire_put_varint(struct buf *b, uint64_t u)
{
	unsigned char c;

	do {
		c = u & 0x7f;
		u >>= 7;
		if (u != 0)
			c |= 0x80;
		buf_addc(b, (char)c);
	} while (u != 0);
}

static void
wire_put_blob(struct buf *b, char tag, const char *p, size_t len)
{
	buf_addc(b, tag);
	wire_put_varint(b, len);
	buf_add(b, p, len);
}

/* Encode one value (recursive; depth is the caller's responsibility). */
static void
wire_put_value(struct buf *b, const struct ipc_value *v)
{
	unsigned char f[8];
	uint64_t u;
	size_t i;
	char tag;

	switch (v->type) {
	case IPC_NONE:
		buf_addc(b, 'N');
		return;
	case IPC_BOOL:
		buf_addc(b, v->i ? 'T' : 'F');
		return;
	case IPC_INT:
		buf_addc(b, 'i');
		u = ((uint64_t)v->i << 1) ^ (uint64_t)(v->i >> 63);
		wire_put_varint(b, u);
		return;
	case IPC_FLOAT:
		buf_addc(b, 'f');
		memcpy(&u, &v->f, sizeof u);
		for (i = 0; i < 8; i++)
			f[i] = (unsigned char)(u >> (8 * i));
		buf_add(b, f, 8);
		return;
	case IPC_STR:
		wire_put_blob(b, 's', v->s, v->len);
		return;
	case IPC_BYTES:
		wire_put_blob(b, 'b', v->s, v->len);
		return;
	case IPC_EXC:
	case IPC_OBJ:
		buf_addc(b, v->type == IPC_EXC ? 'E' : 'O');
		wire_put_blob(b, 's', v->s, strlen(v->s));
		wire_put_blob(b, 's', v->s2, strlen(v->s2));
		wire_put_value(b, v->items[0]);
		return;
	case IPC_TUPLE:
		tag = '(';
		break;
	case IPC_LIST:
		tag = '[';
		break;
	case IPC_DICT:
		tag = '{';
		break;
	case IPC_SET:
		tag = '<';
		break;
	default:
		fatal("ipc_wire_encode: bad value type %d", (int)v->type);
	}
	buf_addc(b, tag);
	wire_put_varint(b, v->type == IPC_DICT ? v->n / 2 : v->n);
	for (i = 0; i < v->n; i++)
		wire_put_value(b, v->items[i]);
}

void
ipc_wire_encode(struct buf *b, const struct ipc_value *v)
{
	buf_addc(b, 'C');
	buf_addc(b, 'V');
	buf_addc(b, IPC_WIRE_VERSION);
	wire_put_value(b, v);
}

/* --- decoder --------------------------------------------------------- */

struct wire_in {
	const unsigned char	*p;
	size_t			 len;
	size_t			 off;
	char			*cause;
};

/* Record the first error. Always returns NULL for tail calls. */
static void *
wire_fail(struct wire_in *in, const char *what)
{
	if (in->cause == NULL)
		in->cause = xasprintf("bad message at byte %zu: %s", in->off,
		    what);
	return NULL;
}

static int
wire_get_varint(struct wire_in *in, uint64_t *out)
{
	uint64_t u = 0;
	unsigned shift = 0, i;
	unsigned char c;

	for (i = 0; i < 10; i++) {
		if (in->off >= in->len) {
			wire_fail(in, "truncated number");
			return -1;
		}
		c = in->p[in->off++];
		if (i == 9 && (c & 0x7e) != 0) {
			wire_fail(in, "number too large");
			return -1;
		}
		u |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
		if ((c & 0x80) == 0) {
			if (c == 0 && i != 0) {
				wire_fail(in, "number not in shortest form");
				return -1;
			}
			*out = u;
			return 0;
		}
	}
	wire_fail(in, "number too long");
	return -1;
}

/* Check s[0..len) is well-formed UTF-8 (RFC 3629: no surrogates). */
static int
wire_utf8_ok(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1; cp = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2; cp = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3; cp = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (len - i - 1 < n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Read a length-prefixed blob; returns a pointer into the input. */
static const unsigned char *
wire_get_blob(struct wire_in *in, size_t *lenp)
{
	const unsigned char *p;
	uint64_t n;

	if (wire_get_varint(in, &n) != 0)
		return NULL;
	if (n > in->len - in->off)
		return wire_fail(in, "length beyond the end of the message");
	p = in->p + in->off;
	in->off += (size_t)n;
	*lenp = (size_t)n;
	return p;
}

static struct ipc_value *wire_get_value(struct wire_in *in, unsigned depth);

/* Read a str body (after its 's' tag) into a new value. */
static struct ipc_value *
wire_get_str(struct wire_in *in)
{
	const unsigned char *p;
	size_t n, at = in->off;

	if ((p = wire_get_blob(in, &n)) == NULL)
		return NULL;
	if (!wire_utf8_ok(p, n)) {
		in->off = at;
		return wire_fail(in, "string is not valid UTF-8");
	}
	return ipc_value_str((const char *)p, n);
}

/* Read a tagged str (used inside an exception). */
static struct ipc_value *
wire_get_tagged_str(struct wire_in *in)
{
	if (in->off >= in->len)
		return wire_fail(in, "truncated exception");
	if (in->p[in->off] != 's')
		return wire_fail(in, "exception name is not a string");
	in->off++;
	return wire_get_str(in);
}

/* Read a container body: count, then items. */
static struct ipc_value *
wire_get_container(struct wire_in *in, enum ipc_wire_type type, unsigned depth)
{
	struct ipc_value *c, *item;
	uint64_t n, i, per = type == IPC_DICT ? 2 : 1;

	if (wire_get_varint(in, &n) != 0)
		return NULL;
	/* Every item takes at least one byte: check before allocating. */
	if (n > (in->len - in->off) / per)
		return wire_fail(in, "more items than bytes left");
	c = ipc_value_container(type);
	c->items = xreallocarray(NULL, ipc_value_cap((size_t)(n * per)),
	    sizeof *c->items);
	for (i = 0; i < n * per; i++) {
		if ((item = wire_get_value(in, depth + 1)) == NULL) {
			ipc_value_free(c);
			return NULL;
		}
		c->items[c->n++] = item;
	}
	return c;
}

static struct ipc_value *
wire_get_value(struct wire_in *in, unsigned depth)
{
	struct ipc_value *v, *mod, *cls, *args;
	const unsigned char *p;
	uint64_t u;
	size_t n, i;
	unsigned char tag;

	if (depth > IPC_WIRE_MAX_DEPTH)
		return wire_fail(in, "values nested too deeply");
	if (in->off >= in->len)
		return wire_fail(in, "truncated value");
	tag = in->p[in->off++];
	switch (tag) {
	case 'N':
		return ipc_value_none();
	case 'T':
		return ipc_value_bool(1);
	case 'F':
		return ipc_value_bool(0);
	case 'i':
		if (wire_get_varint(in, &u) != 0)
			return NULL;
		return ipc_value_int((int64_t)((u >> 1) ^ (~(u & 1) + 1)));
	case 'f':
		if (in->len - in->off < 8)
			return wire_fail(in, "truncated float");
		u = 0;
		for (i = 0; i < 8; i++)
			u |= (uint64_t)in->p[in->off + i] << (8 * i);
		in->off += 8;
		v = ipc_value_new(IPC_FLOAT);
		memcpy(&v->f, &u, sizeof u);
		return v;
	case 's':
		return wire_get_str(in);
	case 'b':
		if ((p = wire_get_blob(in, &n)) == NULL)
			return NULL;
		return ipc_value_bytes(p, n);
	case '(':
		return wire_get_container(in, IPC_TUPLE, depth);
	case '[':
		return wire_get_container(in, IPC_LIST, depth);
	case '{':
		return wire_get_container(in, IPC_DICT, depth);
	case '<':
		return wire_get_container(in, IPC_SET, depth);
	case 'E':
	case 'O':
		if ((mod = wire_get_tagged_str(in)) == NULL)
			return NULL;
		if ((cls = wire_get_tagged_str(in)) == NULL) {
			ipc_value_free(mod);
			return NULL;
		}
		if (memchr(mod->s, '\0', mod->len) != NULL ||
		    memchr(cls->s, '\0', cls->len) != NULL || cls->len == 0) {
			ipc_value_free(mod);
			ipc_value_free(cls);
			return wire_fail(in, tag == 'E' ? "bad exception name" :
			    "bad class name");
		}
		if ((args = wire_get_value(in, depth + 1)) == NULL ||
		    args->type != (tag == 'E' ? IPC_TUPLE : IPC_DICT)) {
			ipc_value_free(mod);
			ipc_value_free(cls);
			ipc_value_free(args);
			return wire_fail(in, tag == 'E' ?
			    "exception arguments are not a tuple" :
			    "an instance's state is not a dict");
		}
		v = tag == 'E' ? ipc_value_exc(mod->s, cls->s, args) :
		    ipc_value_obj(mod->s, cls->s, args);
		ipc_value_free(mod);
		ipc_value_free(cls);
		return v;
	default:
		in->off--;
		return wire_fail(in, "unknown type tag");
	}
}

struct ipc_value *
ipc_wire_decode(const void *data, size_t len, char **cause)
{
	struct wire_in in = { data, len, 0, NULL };
	struct ipc_value *v;

	if (len < 3 || in.p[0] != 'C' || in.p[1] != 'V') {
		*cause = xstrdup("bad message: not a concviz IPC message");
		return NULL;
	}
	if (in.p[2] != IPC_WIRE_VERSION) {
		*cause = xasprintf("bad message: format version %u, expected %u",
		    (unsigned)in.p[2], IPC_WIRE_VERSION);
		return NULL;
	}
	in.off = 3;
	v = wire_get_value(&in, 0);
	if (v != NULL && in.off != in.len) {
		ipc_value_free(v);
		v = wire_fail(&in, "trailing bytes after the value");
	}
	if (v == NULL)
		*cause = in.cause;
	return v;
}
