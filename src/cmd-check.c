/*
 * cmd-check.c — "concviz check FILE.py...": compile only, report errors as
 * FILE:LINE:COL: error: MESSAGE, the source line and a caret.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/xmalloc.h"
#include "lang/lang.h"

/* Read a whole file; NULL with errno on failure. */
static char *
check_read(const char *path, size_t *lenp)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

int
cmd_check(int argc, char **argv)
{
	struct interp	*in;
	int		 i, status = CMD_EXIT_OK;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("Usage: concviz check FILE.py...\n"
		    "Compile each FILE without running it; report the first error of each.\n");
		return CMD_EXIT_OK;
	}
	if (argc < 2)
		return cmd_usage("check");
	in = interp_create();
	for (i = 1; i < argc; i++) {
		struct lang_error	 err;
		struct code		*co;
		size_t			 len;
		char			*text = check_read(argv[i], &len);

		if (text == NULL) {
			cmd_error("check", "%s: %s", argv[i], strerror(errno));
			status = CMD_EXIT_FAIL;
			continue;
		}
		co = compile_module(text, len, argv[i], &err);
		if (co == NULL) {
			char *msg = compile_error_format(argv[i], text, len, &err);

			fputs(msg, stderr);
			free(msg);
			status = CMD_EXIT_FAIL;
		} else
			OBJ_DECREF(co);
		free(text);
	}
	interp_free(in);
	return status;
}
