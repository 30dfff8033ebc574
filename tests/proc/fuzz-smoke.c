/*
 * fuzz-smoke.c — runs the IPC fuzz target (tests/fuzz/fuzz-ipc.c) in
 * make check without libFuzzer: valid messages, then deterministic
 * mutations of them (bit flips, truncations, insertions, duplicated
 * spans). Under --enable-sanitizers this is a small fuzzing campaign.
 * Prints TAP.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "rt/ipc-wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t smoke_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: reproducible across runs. */
static uint64_t
smoke_rand(void)
{
	smoke_state ^= smoke_state >> 12;
	smoke_state ^= smoke_state << 25;
	smoke_state ^= smoke_state >> 27;
	return smoke_state * 0x2545f4914f6cdd1dull;
}

/* A seed value mixing every type, nested. */
static struct ipc_value *
smoke_seed(int depth)
{
	struct ipc_value *l = ipc_value_container(IPC_LIST), *d, *s, *args;

	ipc_value_append(l, ipc_value_none());
	ipc_value_append(l, ipc_value_bool(1));
	ipc_value_append(l, ipc_value_int(-123456789));
	ipc_value_append(l, ipc_value_float(3.25));
	ipc_value_append(l, ipc_value_str("\xce\xbb x", 4));
	ipc_value_append(l, ipc_value_bytes("\xff\0", 2));
	d = ipc_value_container(IPC_DICT);
	ipc_value_append(d, ipc_value_str("k", 1));
	ipc_value_append(d, depth > 0 ? smoke_seed(depth - 1) :
	    ipc_value_int(1));
	ipc_value_append(l, d);
	s = ipc_value_container(IPC_SET);
	ipc_value_append(s, ipc_value_int(5));
	ipc_value_append(l, s);
	args = ipc_value_container(IPC_TUPLE);
	ipc_value_append(args, ipc_value_str("boom", 4));
	ipc_value_append(l, ipc_value_exc("builtins", "KeyError", args));
	return l;
}

int
main(void)
{
	struct ipc_value *seed;
	struct buf b;
	unsigned char *m;
	size_t len, i, at, n;
	unsigned iter, runs = 0;

	buf_init(&b);
	seed = smoke_seed(3);
	ipc_wire_encode(&b, seed);
	ipc_value_free(seed);
	m = malloc(b.len * 2 + 64);

	printf("1..1\n");
	LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
	for (iter = 0; iter < 30000; iter++) {
		memcpy(m, b.data, b.len);
		len = b.len;
		n = 1 + smoke_rand() % 4;
		for (i = 0; i < n; i++) {
			at = smoke_rand() % len;
			switch (smoke_rand() % 5) {
			case 0:
				m[at] ^= (unsigned char)(1u << (smoke_rand() % 8));
				break;
			case 1:
				m[at] = (unsigned char)smoke_rand();
				break;
			case 2:
				len = at + 1;
				break;
			case 3:
				if (len < b.len * 2 + 32) {
					memmove(m + at + 1, m + at, len - at);
					m[at] = (unsigned char)smoke_rand();
					len++;
				}
				break;
			default:
				m[at] = "NTFifsb([{<E\x80\xff"[smoke_rand() % 15];
				break;
			}
		}
		LLVMFuzzerTestOneInput(m, len);
		runs++;
	}
	printf("ok 1 - %u mutated IPC messages decoded or rejected cleanly\n",
	    runs + 1);
	free(m);
	buf_fini(&b);
	return 0;
}
