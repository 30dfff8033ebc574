/*
 * fuzz-ipc.c — libFuzzer target for the IPC value decoder (ipc-wire.c),
 * the parser of bytes that cross process boundaries. Property: decoding
 * never crashes; whatever decodes re-encodes to bytes that decode to an
 * equal value.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/buf.h"
#include "rt/ipc-wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipc_value *v, *again;
	struct buf b;
	char *cause = NULL;

	v = ipc_wire_decode(data, size, &cause);
	if (v == NULL) {
		if (cause == NULL)
			abort();	/* an error must say why */
		free(cause);
		return 0;
	}
	buf_init(&b);
	ipc_wire_encode(&b, v);
	again = ipc_wire_decode(b.data, b.len, &cause);
	if (again == NULL || !ipc_value_equal(v, again))
		abort();
	ipc_value_free(again);
	ipc_value_free(v);
	buf_fini(&b);
	return 0;
}
