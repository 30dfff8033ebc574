/*
 * ipc-wire.h — the byte format of values crossing process boundaries
 * (queues, pipes, the manager, pools), and a small neutral value tree the
 * encoder reads and the decoder builds. The interpreter maps its objects to
 * and from this tree; nothing here knows the VM.
 *
 * Format, version 1. A message is
 *
 *	'C' 'V' 0x01  value
 *
 * and a value is one tag byte and its body:
 *
 *	'N'			None
 *	'T' / 'F'		True / False
 *	'i' zigzag-varint	int (64-bit signed)
 *	'f' 8 bytes		float, IEEE 754 binary64, little-endian
 *	's' varint n, n bytes	str, UTF-8 (validated: no surrogates, shortest form)
 *	'b' varint n, n bytes	bytes
 *	'(' varint n, n values	tuple
 *	'[' varint n, n values	list
 *	'{' varint n, 2n values	dict: key, value, key, value ... in order
 *	'<' varint n, n values	set
 *	'E' str str value	exception: module ("builtins"), class name, and
 *				args (a tuple value)
 *	'O' str str value	instance: module ("__main__"), qualified class
 *				name, and its attributes (a dict value)
 *
 * varint: unsigned LEB128, at most 10 bytes, shortest form. Containers nest
 * at most IPC_WIRE_MAX_DEPTH deep. The decoder treats its input as untrusted:
 * every length is checked against what is left before anything is
 * allocated, trailing bytes are an error, and a bad message yields an error
 * naming the offset, never a crash.
 */
#ifndef CONCVIZ_RT_IPC_WIRE_H
#define CONCVIZ_RT_IPC_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define IPC_WIRE_VERSION	1
#define IPC_WIRE_MAX_DEPTH	200

enum ipc_wire_type {
	IPC_NONE = 0,
	IPC_BOOL,
	IPC_INT,
	IPC_FLOAT,
	IPC_STR,
	IPC_BYTES,
	IPC_TUPLE,
	IPC_LIST,
	IPC_DICT,
	IPC_SET,
	IPC_EXC,
	IPC_OBJ
};

/*
 * One value. Containers own their items (items[n]; a dict has 2n items,
 * key then value). An exception holds module and class name in s/s2 and
 * its args (a tuple) in items[0]; an instance of a class found by name
 * (OBJ) holds module and qualified class name in s/s2 and its attribute
 * dict in items[0], as pickle sends an instance by reference to its class.
 */
struct ipc_value {
	enum ipc_wire_type	 type;
	int64_t			 i;	/* INT, BOOL (0/1) */
	double			 f;	/* FLOAT */
	char			*s;	/* STR, BYTES: len bytes + NUL; EXC module */
	size_t			 len;
	char			*s2;	/* EXC: class name */
	struct ipc_value      **items;
	size_t			 n;	/* entries in items (dict: 2 x pairs) */
};

/* Constructors: the result is owned by the caller (ipc_value_free). */
struct ipc_value *ipc_value_none(void);
struct ipc_value *ipc_value_bool(int b);
struct ipc_value *ipc_value_int(int64_t i);
struct ipc_value *ipc_value_float(double f);
struct ipc_value *ipc_value_str(const char *s, size_t len);
struct ipc_value *ipc_value_bytes(const void *p, size_t len);
/* An empty container of type TUPLE, LIST, DICT or SET. */
struct ipc_value *ipc_value_container(enum ipc_wire_type type);
/* Append an item (takes ownership); for a dict, append key then value. */
void		  ipc_value_append(struct ipc_value *c, struct ipc_value *item);
/* An exception: module, class, args tuple (taken). */
struct ipc_value *ipc_value_exc(const char *module, const char *cls,
		      struct ipc_value *args);
/* An instance: module, qualified class name, attribute dict (taken). */
struct ipc_value *ipc_value_obj(const char *module, const char *cls,
		      struct ipc_value *state);
void		  ipc_value_free(struct ipc_value *v);
/* Deep equality (floats bitwise, so NaN equals itself). */
int		  ipc_value_equal(const struct ipc_value *a,
		      const struct ipc_value *b);

/* Append the encoding of v (header included) to b. */
void		  ipc_wire_encode(struct buf *b, const struct ipc_value *v);
/*
 * Decode one message. Returns the value, or NULL with an allocated message
 * in *cause ("bad message at byte 12: string is not valid UTF-8").
 */
struct ipc_value *ipc_wire_decode(const void *data, size_t len, char **cause);

#endif
