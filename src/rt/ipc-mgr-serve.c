/*
 * ipc-mgr-serve.c — the manager's server process: the shared objects and
 * the methods their proxies call (ipc-mgr.h describes the protocol).
 *
 * Runs only in the server process. One thread per client connection; all
 * objects are guarded by one mutex (mgr_mu) and every change broadcasts
 * mgr_cond, which blocking methods (queue get/put/join, lock acquire, event
 * wait) wait on with their deadline. Objects hold IPC values; dict keys
 * compare as Python's do for the types that cross (1 == 1.0 == True).
 * Never prints.
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/xmalloc.h"
#include "rt/ipc-conn.h"
#include "rt/ipc-int.h"
#include "rt/ipc-mgr.h"

enum mgr_type {
	MGR_DICT = 1,
	MGR_LIST,
	MGR_VALUE,
	MGR_QUEUE,
	MGR_JOINABLE,
	MGR_LOCK,
	MGR_RLOCK,
	MGR_EVENT
};

static const struct {
	const char	*name;
	enum mgr_type	 type;
} mgr_types[] = {
	{ "dict", MGR_DICT }, { "list", MGR_LIST }, { "Value", MGR_VALUE },
	{ "Queue", MGR_QUEUE }, { "JoinableQueue", MGR_JOINABLE },
	{ "Lock", MGR_LOCK }, { "RLock", MGR_RLOCK }, { "Event", MGR_EVENT },
};

struct mgr_obj {
	int64_t			 id;
	enum mgr_type		 type;
	struct ipc_value	*v;		/* dict, list, Value; queue items */
	size_t			 qhead;		/* queue: first item in v */
	int64_t			 maxsize;	/* queue */
	int64_t			 unfinished;	/* joinable queue */
	int			 locked;	/* lock: held; event: flag */
	int64_t			 owner;		/* lock: connection id */
	int64_t			 count;		/* rlock depth */
};

/* Everything below: guarded by mgr_mu. */
static pthread_mutex_t	 mgr_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 mgr_cond;
static struct mgr_obj	**mgr_objs;
static size_t		 mgr_nobjs;
static int64_t		 mgr_next_id = 1;
static int64_t		 mgr_next_conn = 1;
static int		 mgr_listen_fd = -1;

/* --- values ---------------------------------------------------------------- */

/* An exception value: module.cls(msg) (msg NULL: no args). */
static struct ipc_value *
mgr_exc(const char *module, const char *cls, const char *fmt, ...)
{
	struct ipc_value *args = ipc_value_container(IPC_TUPLE);
	va_list ap;
	char *msg;

	if (fmt != NULL) {
		va_start(ap, fmt);
		msg = xvasprintf(fmt, ap);
		va_end(ap);
		ipc_value_append(args, ipc_value_str(msg, strlen(msg)));
		free(msg);
	}
	return ipc_value_exc(module, cls, args);
}

/* A deep copy of v. */
static struct ipc_value *
mgr_copy(const struct ipc_value *v)
{
	struct ipc_value *c;
	size_t i;

	switch (v->type) {
	case IPC_NONE:
		return ipc_value_none();
	case IPC_BOOL:
		return ipc_value_bool((int)v->i);
	case IPC_INT:
		return ipc_value_int(v->i);
	case IPC_FLOAT:
		return ipc_value_float(v->f);
	case IPC_STR:
		return ipc_value_str(v->s, v->len);
	case IPC_BYTES:
		return ipc_value_bytes(v->s, v->len);
	case IPC_EXC:
		return ipc_value_exc(v->s, v->s2, mgr_copy(v->items[0]));
	case IPC_OBJ:
		return ipc_value_obj(v->s, v->s2, mgr_copy(v->items[0]));
	default:
		c = ipc_value_container(v->type);
		for (i = 0; i < v->n; i++)
			ipc_value_append(c, mgr_copy(v->items[i]));
		return c;
	}
}

/* A number as a double, if v is int, bool or float. */
static int
mgr_number(const struct ipc_value *v, double *d)
{
	if (v->type == IPC_INT || v->type == IPC_BOOL) {
		*d = (double)v->i;
		return 1;
	}
	if (v->type == IPC_FLOAT) {
		*d = v->f;
		return 1;
	}
	return 0;
}

/* Python equality for the values that cross processes. */
static int
mgr_equal(const struct ipc_value *a, const struct ipc_value *b)
{
	double x, y;
	size_t i;

	if (mgr_number(a, &x) && mgr_number(b, &y)) {
		if ((a->type != IPC_FLOAT) && (b->type != IPC_FLOAT))
			return a->i == b->i;
		return x == y;
	}
	if (a->type != b->type)
		return 0;
	if (a->type == IPC_TUPLE || a->type == IPC_LIST) {
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!mgr_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	}
	return ipc_value_equal(a, b);
}

/* Order two values as Python's < does: -2 if not comparable. */
static int
mgr_compare(const struct ipc_value *a, const struct ipc_value *b)
{
	double x, y;
	size_t n;
	int c;

	if (mgr_number(a, &x) && mgr_number(b, &y))
		return x < y ? -1 : x > y;
	if (a->type == IPC_STR && b->type == IPC_STR) {
		n = a->len < b->len ? a->len : b->len;
		c = memcmp(a->s, b->s, n);
		if (c == 0)
			return a->len < b->len ? -1 : a->len > b->len;
		return c < 0 ? -1 : 1;
	}
	return -2;
}

/* Remove items[i] of container c (not freed). */
static struct ipc_value *
mgr_take(struct ipc_value *c, size_t i)
{
	struct ipc_value *v = c->items[i];

	memmove(&c->items[i], &c->items[i + 1],
	    (c->n - i - 1) * sizeof *c->items);
	c->n--;
	return v;
}

/* Insert v at position i of container c. */
static void
mgr_insert(struct ipc_value *c, size_t i, struct ipc_value *v)
{
	ipc_value_append(c, v);
	memmove(&c->items[i + 1], &c->items[i], (c->n - 1 - i) *
	    sizeof *c->items);
	c->items[i] = v;
}

/* Index of key in dict d (pairs), or -1. */
static long
mgr_dict_find(const struct ipc_value *d, const struct ipc_value *key)
{
	size_t i;

	for (i = 0; i < d->n; i += 2)
		if (mgr_equal(d->items[i], key))
			return (long)i;
	return -1;
}

/* Set d[key] = val (both taken). */
static void
mgr_dict_set(struct ipc_value *d, struct ipc_value *key, struct ipc_value *val)
{
	long i = mgr_dict_find(d, key);

	if (i >= 0) {
		ipc_value_free(d->items[i + 1]);
		d->items[i + 1] = val;
		ipc_value_free(key);
		return;
	}
	ipc_value_append(d, key);
	ipc_value_append(d, val);
}

/* A Python-style list index: negative counts from the end. -1: out of range. */
static long
mgr_index(const struct ipc_value *idx, size_t n)
{
	int64_t i;

	if (idx->type != IPC_INT && idx->type != IPC_BOOL)
		return -2;
	i = idx->i;
	if (i < 0)
		i += (int64_t)n;
	if (i < 0 || i >= (int64_t)n)
		return -1;
	return (long)i;
}

/* --- objects --------------------------------------------------------------- */

/* The object with this id (mgr_mu held), or NULL. */
static struct mgr_obj *
mgr_find(int64_t id)
{
	size_t i;

	for (i = 0; i < mgr_nobjs; i++)
		if (mgr_objs[i] != NULL && mgr_objs[i]->id == id)
			return mgr_objs[i];
	return NULL;
}

/* Create an object (mgr_mu held). */
static struct ipc_value *
mgr_create(const char *type, const struct ipc_value *args)
{
	struct mgr_obj *o;
	size_t i;

	o = xcalloc(1, sizeof *o);
	for (i = 0; i < sizeof mgr_types / sizeof mgr_types[0]; i++)
		if (strcmp(mgr_types[i].name, type) == 0)
			o->type = mgr_types[i].type;
	if (o->type == 0) {
		free(o);
		return mgr_exc("builtins", "KeyError", "'%s'", type);
	}
	switch (o->type) {
	case MGR_DICT:
		o->v = ipc_value_container(IPC_DICT);
		if (args->n >= 1 && args->items[0]->type == IPC_DICT)
			for (i = 0; i < args->items[0]->n; i += 2)
				mgr_dict_set(o->v, mgr_copy(args->items[0]->items[i]),
				    mgr_copy(args->items[0]->items[i + 1]));
		break;
	case MGR_LIST:
		o->v = ipc_value_container(IPC_LIST);
		if (args->n >= 1 && (args->items[0]->type == IPC_LIST ||
		    args->items[0]->type == IPC_TUPLE))
			for (i = 0; i < args->items[0]->n; i++)
				ipc_value_append(o->v,
				    mgr_copy(args->items[0]->items[i]));
		break;
	case MGR_VALUE:
		/* Value(typecode, value): keep the value. */
		o->v = args->n >= 2 ? mgr_copy(args->items[1]) :
		    ipc_value_int(0);
		break;
	case MGR_QUEUE:
	case MGR_JOINABLE:
		o->v = ipc_value_container(IPC_LIST);
		if (args->n >= 1 && args->items[0]->type == IPC_INT)
			o->maxsize = args->items[0]->i;
		break;
	default:
		break;
	}
	o->id = mgr_next_id++;
	mgr_objs = xreallocarray(mgr_objs, mgr_nobjs + 1, sizeof *mgr_objs);
	mgr_objs[mgr_nobjs++] = o;
	return ipc_value_int(o->id);
}

/* Drop an object (mgr_mu held). */
static void
mgr_release(int64_t id)
{
	size_t i;

	for (i = 0; i < mgr_nobjs; i++) {
		if (mgr_objs[i] != NULL && mgr_objs[i]->id == id) {
			ipc_value_free(mgr_objs[i]->v);
			free(mgr_objs[i]);
			mgr_objs[i] = NULL;
			pthread_cond_broadcast(&mgr_cond);
			return;
		}
	}
}

/* Argument i, or NULL if absent or None. */
static const struct ipc_value *
mgr_arg(const struct ipc_value *args, size_t i)
{
	if (i >= args->n || args->items[i]->type == IPC_NONE)
		return NULL;
	return args->items[i];
}

/* Deadline from (block, timeout) arguments: 0 forever, 1 for non-blocking. */
static uint64_t
mgr_deadline(const struct ipc_value *args, size_t at, int *block)
{
	const struct ipc_value *b = mgr_arg(args, at), *t = mgr_arg(args, at + 1);
	double secs;

	*block = b == NULL || b->i != 0;
	if (!*block)
		return 1;
	if (t == NULL || !mgr_number(t, &secs) || secs < 0)
		return 0;
	return clock_now_ns() + (uint64_t)(secs * 1e9) + 1;
}

/* Wait on mgr_cond until deadline (0: forever; 1: not at all). 0 on timeout. */
static int
mgr_wait(uint64_t deadline)
{
	if (deadline == 1)
		return 0;
	return ipc_cond_wait(&mgr_cond, &mgr_mu, deadline) != ETIMEDOUT;
}

/* Methods of a dict. */
static struct ipc_value *
mgr_dict_call(struct mgr_obj *o, const char *m, const struct ipc_value *a,
    int *ok)
{
	const struct ipc_value *k = a->n >= 1 ? a->items[0] : NULL;
	struct ipc_value *d = o->v, *r;
	size_t i;
	long at;

	if (strcmp(m, "__len__") == 0)
		return ipc_value_int((int64_t)d->n / 2);
	if (strcmp(m, "copy") == 0 || strcmp(m, "_getvalue") == 0)
		return mgr_copy(d);
	if (strcmp(m, "clear") == 0) {
		for (i = 0; i < d->n; i++)
			ipc_value_free(d->items[i]);
		d->n = 0;
		return ipc_value_none();
	}
	if (strcmp(m, "keys") == 0 || strcmp(m, "values") == 0 ||
	    strcmp(m, "items") == 0) {
		r = ipc_value_container(IPC_LIST);
		for (i = 0; i < d->n; i += 2) {
			if (m[0] == 'k')
				ipc_value_append(r, mgr_copy(d->items[i]));
			else if (m[0] == 'v')
				ipc_value_append(r, mgr_copy(d->items[i + 1]));
			else
				ipc_value_append(r, ipc_tuple(2,
				    mgr_copy(d->items[i]),
				    mgr_copy(d->items[i + 1])));
		}
		return r;
	}
	if (strcmp(m, "update") == 0 && k != NULL && k->type == IPC_DICT) {
		for (i = 0; i < k->n; i += 2)
			mgr_dict_set(d, mgr_copy(k->items[i]),
			    mgr_copy(k->items[i + 1]));
		return ipc_value_none();
	}
	if (k == NULL)
		goto bad;
	at = mgr_dict_find(d, k);
	if (strcmp(m, "__contains__") == 0)
		return ipc_value_bool(at >= 0);
	if (strcmp(m, "__setitem__") == 0 && a->n == 2) {
		mgr_dict_set(d, mgr_copy(k), mgr_copy(a->items[1]));
		return ipc_value_none();
	}
	if (strcmp(m, "setdefault") == 0) {
		if (at < 0) {
			mgr_dict_set(d, mgr_copy(k), a->n >= 2 ?
			    mgr_copy(a->items[1]) : ipc_value_none());
			at = mgr_dict_find(d, k);
		}
		return mgr_copy(d->items[at + 1]);
	}
	if (strcmp(m, "get") == 0) {
		if (at >= 0)
			return mgr_copy(d->items[at + 1]);
		return a->n >= 2 ? mgr_copy(a->items[1]) : ipc_value_none();
	}
	if (strcmp(m, "__getitem__") == 0 || strcmp(m, "__delitem__") == 0 ||
	    strcmp(m, "pop") == 0) {
		if (at < 0) {
			if (m[0] == 'p' && a->n >= 2)
				return mgr_copy(a->items[1]);
			*ok = 0;
			return ipc_value_exc("builtins", "KeyError",
			    ipc_tuple(1, mgr_copy(k)));
		}
		if (m[2] == 'g')
			return mgr_copy(d->items[at + 1]);
		ipc_value_free(mgr_take(d, (size_t)at));
		r = mgr_take(d, (size_t)at);
		if (m[0] == 'p')
			return r;
		ipc_value_free(r);
		return ipc_value_none();
	}
bad:
	*ok = 0;
	return mgr_exc("builtins", "AttributeError",
	    "'dict' object has no attribute '%s'", m);
}

/* Methods of a list. */
static struct ipc_value *
mgr_list_call(struct mgr_obj *o, const char *m, const struct ipc_value *a,
    int *ok)
{
	const struct ipc_value *x = a->n >= 1 ? a->items[0] : NULL;
	struct ipc_value *l = o->v, *t;
	size_t i, j;
	long at;
	int c;

	if (strcmp(m, "__len__") == 0)
		return ipc_value_int((int64_t)l->n);
	if (strcmp(m, "copy") == 0 || strcmp(m, "_getvalue") == 0)
		return mgr_copy(l);
	if (strcmp(m, "clear") == 0) {
		for (i = 0; i < l->n; i++)
			ipc_value_free(l->items[i]);
		l->n = 0;
		return ipc_value_none();
	}
	if (strcmp(m, "reverse") == 0) {
		for (i = 0, j = l->n; i + 1 < j; i++, j--) {
			t = l->items[i];
			l->items[i] = l->items[j - 1];
			l->items[j - 1] = t;
		}
		return ipc_value_none();
	}
	if (strcmp(m, "sort") == 0) {
		/* Insertion sort: stable, and stops at the first bad pair. */
		for (i = 1; i < l->n; i++) {
			t = l->items[i];
			for (j = i; j > 0; j--) {
				c = mgr_compare(t, l->items[j - 1]);
				if (c == -2) {
					*ok = 0;
					return mgr_exc("builtins", "TypeError",
					    "'<' not supported between these "
					    "instances");
				}
				if (c >= 0)
					break;
				l->items[j] = l->items[j - 1];
			}
			l->items[j] = t;
		}
		return ipc_value_none();
	}
	if (strcmp(m, "pop") == 0) {
		if (l->n == 0) {
			*ok = 0;
			return mgr_exc("builtins", "IndexError",
			    "pop from empty list");
		}
		at = x != NULL ? mgr_index(x, l->n) : (long)l->n - 1;
		if (at < 0) {
			*ok = 0;
			return mgr_exc("builtins", "IndexError",
			    "pop index out of range");
		}
		return mgr_take(l, (size_t)at);
	}
	if (x == NULL && strcmp(m, "append") != 0)
		goto bad;
	if (strcmp(m, "append") == 0) {
		ipc_value_append(l, x != NULL ? mgr_copy(x) : ipc_value_none());
		return ipc_value_none();
	}
	if (strcmp(m, "extend") == 0 && (x->type == IPC_LIST ||
	    x->type == IPC_TUPLE)) {
		for (i = 0; i < x->n; i++)
			ipc_value_append(l, mgr_copy(x->items[i]));
		return ipc_value_none();
	}
	if (strcmp(m, "insert") == 0 && a->n == 2 && x->type == IPC_INT) {
		at = (long)x->i;
		if (at < 0)
			at += (long)l->n;
		if (at < 0)
			at = 0;
		if (at > (long)l->n)
			at = (long)l->n;
		mgr_insert(l, (size_t)at, mgr_copy(a->items[1]));
		return ipc_value_none();
	}
	if (strcmp(m, "count") == 0 || strcmp(m, "index") == 0 ||
	    strcmp(m, "remove") == 0 || strcmp(m, "__contains__") == 0) {
		for (i = 0, j = 0, at = -1; i < l->n; i++) {
			if (mgr_equal(l->items[i], x)) {
				j++;
				if (at < 0)
					at = (long)i;
			}
		}
		if (m[0] == 'c' && m[1] == 'o')
			return ipc_value_int((int64_t)j);
		if (m[0] == '_')
			return ipc_value_bool(at >= 0);
		if (at < 0) {
			*ok = 0;
			return mgr_exc("builtins", "ValueError", m[0] == 'r' ?
			    "list.remove(x): x not in list" :
			    "value is not in list");
		}
		if (m[0] == 'i')
			return ipc_value_int(at);
		ipc_value_free(mgr_take(l, (size_t)at));
		return ipc_value_none();
	}
	if (strcmp(m, "__getitem__") == 0 || strcmp(m, "__setitem__") == 0 ||
	    strcmp(m, "__delitem__") == 0) {
		at = mgr_index(x, l->n);
		if (at == -2) {
			*ok = 0;
			return mgr_exc("builtins", "TypeError", "list indices "
			    "must be integers or slices");
		}
		if (at < 0) {
			*ok = 0;
			return mgr_exc("builtins", "IndexError", "list %sindex "
			    "out of range", m[2] != 'g' ? "assignment " : "");
		}
		if (m[2] == 'g')
			return mgr_copy(l->items[at]);
		if (m[2] == 's' && a->n == 2) {
			ipc_value_free(l->items[at]);
			l->items[at] = mgr_copy(a->items[1]);
		} else
			ipc_value_free(mgr_take(l, (size_t)at));
		return ipc_value_none();
	}
bad:
	*ok = 0;
	return mgr_exc("builtins", "AttributeError",
	    "'list' object has no attribute '%s'", m);
}

/* Methods of a queue (mgr_mu held; may wait). */
static struct ipc_value *
mgr_queue_call(struct mgr_obj *o, int64_t id, const char *m,
    const struct ipc_value *a, int *ok)
{
	struct ipc_value *r;
	uint64_t deadline;
	int block;

	if (strcmp(m, "qsize") == 0)
		return ipc_value_int((int64_t)(o->v->n - o->qhead));
	if (strcmp(m, "empty") == 0)
		return ipc_value_bool(o->v->n == o->qhead);
	if (strcmp(m, "full") == 0)
		return ipc_value_bool(o->maxsize > 0 &&
		    (int64_t)(o->v->n - o->qhead) >= o->maxsize);
	if (strcmp(m, "put") == 0 && a->n >= 1) {
		deadline = mgr_deadline(a, 1, &block);
		while (o->maxsize > 0 &&
		    (int64_t)(o->v->n - o->qhead) >= o->maxsize) {
			if (!mgr_wait(deadline) || (o = mgr_find(id)) == NULL) {
				*ok = 0;
				return mgr_exc("queue", "Full", NULL);
			}
		}
		ipc_value_append(o->v, mgr_copy(a->items[0]));
		o->unfinished++;
		pthread_cond_broadcast(&mgr_cond);
		return ipc_value_none();
	}
	if (strcmp(m, "get") == 0) {
		deadline = mgr_deadline(a, 0, &block);
		while (o->v->n == o->qhead) {
			if (!mgr_wait(deadline) || (o = mgr_find(id)) == NULL) {
				*ok = 0;
				return mgr_exc("queue", "Empty", NULL);
			}
		}
		pthread_cond_broadcast(&mgr_cond);
		r = o->v->items[o->qhead];
		o->v->items[o->qhead++] = NULL;
		if (o->qhead == o->v->n)
			o->qhead = o->v->n = 0;	/* drained: reuse the array */
		return r;
	}
	if (strcmp(m, "task_done") == 0) {
		if (o->unfinished <= 0) {
			*ok = 0;
			return mgr_exc("builtins", "ValueError",
			    "task_done() called too many times");
		}
		if (--o->unfinished == 0)
			pthread_cond_broadcast(&mgr_cond);
		return ipc_value_none();
	}
	if (strcmp(m, "join") == 0) {
		while (o->unfinished > 0)
			if (!mgr_wait(0) || (o = mgr_find(id)) == NULL)
				break;
		return ipc_value_none();
	}
	*ok = 0;
	return mgr_exc("builtins", "AttributeError",
	    "'Queue' object has no attribute '%s'", m);
}

/* Methods of Lock, RLock and Event (mgr_mu held; may wait). */
static struct ipc_value *
mgr_sync_call(struct mgr_obj *o, int64_t id, int64_t conn, const char *m,
    const struct ipc_value *a, int *ok)
{
	uint64_t deadline;
	int block;

	if (o->type == MGR_EVENT) {
		if (strcmp(m, "set") == 0 || strcmp(m, "clear") == 0) {
			o->locked = m[0] == 's';
			pthread_cond_broadcast(&mgr_cond);
			return ipc_value_none();
		}
		if (strcmp(m, "is_set") == 0)
			return ipc_value_bool(o->locked);
		if (strcmp(m, "wait") == 0) {
			deadline = mgr_deadline(a, 0, &block);
			if (a->n >= 1 && a->items[0]->type != IPC_NONE) {
				/* wait(timeout): the first argument */
				struct ipc_value *t = ipc_tuple(2,
				    ipc_value_bool(1), mgr_copy(a->items[0]));

				deadline = mgr_deadline(t, 0, &block);
				ipc_value_free(t);
			}
			while (!o->locked)
				if (!mgr_wait(deadline) ||
				    (o = mgr_find(id)) == NULL)
					break;
			return ipc_value_bool(o != NULL && o->locked);
		}
	} else if (strcmp(m, "acquire") == 0) {
		if (o->type == MGR_RLOCK && o->locked && o->owner == conn) {
			o->count++;
			return ipc_value_bool(1);
		}
		deadline = mgr_deadline(a, 0, &block);
		while (o->locked)
			if (!mgr_wait(deadline) || (o = mgr_find(id)) == NULL)
				return ipc_value_bool(0);
		o->locked = 1;
		o->owner = conn;
		o->count = 1;
		return ipc_value_bool(1);
	} else if (strcmp(m, "release") == 0) {
		if (!o->locked || (o->type == MGR_RLOCK && o->owner != conn)) {
			*ok = 0;
			return mgr_exc("builtins", "RuntimeError",
			    o->type == MGR_RLOCK ? "cannot release "
			    "un-acquired lock" : "release unlocked lock");
		}
		if (o->type == MGR_RLOCK && --o->count > 0)
			return ipc_value_none();
		o->locked = 0;
		o->owner = 0;
		pthread_cond_broadcast(&mgr_cond);
		return ipc_value_none();
	} else if (strcmp(m, "locked") == 0)
		return ipc_value_bool(o->locked);
	*ok = 0;
	return mgr_exc("builtins", "AttributeError",
	    "object has no attribute '%s'", m);
}

/* Serve one request; returns the reply (taken by the caller). */
static struct ipc_value *
mgr_dispatch(const struct ipc_value *req, int64_t conn, int *stop)
{
	const struct ipc_value *op, *idv, *meth, *args;
	struct ipc_value *r;
	struct mgr_obj *o;
	char *m;
	int ok = 1;

	if (req->type != IPC_TUPLE || req->n != 4 ||
	    (op = req->items[0])->type != IPC_STR ||
	    (idv = req->items[1])->type != IPC_INT ||
	    (meth = req->items[2])->type != IPC_STR ||
	    (args = req->items[3])->type != IPC_TUPLE)
		return ipc_tuple(2, ipc_value_bool(0), mgr_exc("builtins",
		    "RuntimeError", "bad manager request"));
	m = meth->s;
	pthread_mutex_lock(&mgr_mu);
	if (strcmp(op->s, "create") == 0) {
		r = mgr_create(m, args);
		ok = r->type == IPC_INT;
	} else if (strcmp(op->s, "release") == 0) {
		mgr_release(idv->i);
		r = ipc_value_none();
	} else if (strcmp(op->s, "shutdown") == 0) {
		*stop = 1;
		r = ipc_value_none();
	} else if ((o = mgr_find(idv->i)) == NULL) {
		ok = 0;
		r = mgr_exc("builtins", "KeyError", "no manager object %lld",
		    (long long)idv->i);
	} else {
		switch (o->type) {
		case MGR_DICT:
			r = mgr_dict_call(o, m, args, &ok);
			break;
		case MGR_LIST:
			r = mgr_list_call(o, m, args, &ok);
			break;
		case MGR_VALUE:
			if (strcmp(m, "get") == 0)
				r = mgr_copy(o->v);
			else if (strcmp(m, "set") == 0 && args->n == 1) {
				ipc_value_free(o->v);
				o->v = mgr_copy(args->items[0]);
				r = ipc_value_none();
			} else {
				ok = 0;
				r = mgr_exc("builtins", "AttributeError",
				    "'Value' object has no attribute '%s'", m);
			}
			break;
		case MGR_QUEUE:
		case MGR_JOINABLE:
			r = mgr_queue_call(o, idv->i, m, args, &ok);
			break;
		default:
			r = mgr_sync_call(o, idv->i, conn, m, args, &ok);
			break;
		}
	}
	pthread_mutex_unlock(&mgr_mu);
	return ipc_tuple(2, ipc_value_bool(ok), r);
}

/* One client connection: requests in, replies out, until EOF. */
static void *
mgr_conn_main(void *arg)
{
	int fd = (int)(intptr_t)arg, stop = 0;
	struct ipc_value *req, *rep;
	struct buf in, out;
	char *cause = NULL;
	int64_t conn;

	pthread_mutex_lock(&mgr_mu);
	conn = mgr_next_conn++;
	pthread_mutex_unlock(&mgr_mu);
	buf_init(&in);
	buf_init(&out);
	while (!stop && ipc_frame_read(fd, &in, &cause) == 1) {
		if ((req = ipc_wire_decode(in.data, in.len, &cause)) == NULL) {
			free(cause);
			cause = NULL;
			break;
		}
		rep = mgr_dispatch(req, conn, &stop);
		ipc_value_free(req);
		buf_clear(&out);
		ipc_wire_encode(&out, rep);
		ipc_value_free(rep);
		if (ipc_frame_write(fd, 1, out.data, out.len, &cause) != 0)
			break;
	}
	free(cause);
	buf_fini(&in);
	buf_fini(&out);
	close(fd);
	if (stop) {
		pthread_mutex_lock(&mgr_mu);
		if (mgr_listen_fd != -1)
			shutdown(mgr_listen_fd, SHUT_RDWR);
		pthread_mutex_unlock(&mgr_mu);
	}
	return NULL;
}

/* Accept clients until shut down. Returns the exit status of the server. */
int
ipc_mgr_serve(int listen_fd)
{
	pthread_condattr_t ca;
	pthread_attr_t a;
	pthread_t t;
	int fd;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&mgr_cond, &ca);
	pthread_condattr_destroy(&ca);
	mgr_listen_fd = listen_fd;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (;;) {
		fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;	/* shut down */
		}
		if (pthread_create(&t, &a, mgr_conn_main,
		    (void *)(intptr_t)fd) != 0)
			close(fd);
	}
	pthread_attr_destroy(&a);
	return 0;
}
