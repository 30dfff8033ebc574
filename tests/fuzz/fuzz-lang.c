/*
 * fuzz-lang.c — libFuzzer target for the language front end: lexer, parser
 * and compiler on arbitrary bytes. Any input must give a code object or a
 * formatted error: no crash, no hang, no leak (a fresh interpreter per input
 * is freed completely).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "lang/lang.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct interp		*in;
	struct lang_error	 err;
	struct code		*co;

	if (size > 65536)
		return 0;
	in = interp_create();
	co = compile_module((const char *)data, size, "fuzz.py", &err);
	if (co == NULL) {
		char *msg = compile_error_format("fuzz.py", (const char *)data,
		    size, &err);

		free(msg);
	} else
		OBJ_DECREF(co);
	interp_free(in);
	return 0;
}
