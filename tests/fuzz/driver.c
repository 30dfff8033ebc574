/*
 * driver.c — run each file named on the command line through the fuzz
 * target once (the seed corpus in make check, or a crash reproducer), and
 * print TAP. A crash or sanitizer report fails the test.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	FILE *fp;
	uint8_t *data;
	long len;
	int i, bad = 0;

	printf("1..%d\n", argc - 1);
	for (i = 1; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL ||
		    fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0) {
			printf("not ok %d - %s: cannot read\n", i, argv[i]);
			bad = 1;
			if (fp != NULL)
				fclose(fp);
			continue;
		}
		rewind(fp);
		data = malloc((size_t)len + 1);
		if (data == NULL || fread(data, 1, (size_t)len, fp) !=
		    (size_t)len) {
			printf("not ok %d - %s: cannot read\n", i, argv[i]);
			bad = 1;
		} else {
			LLVMFuzzerTestOneInput(data, (size_t)len);
			printf("ok %d - %s\n", i, argv[i]);
		}
		free(data);
		fclose(fp);
		fflush(stdout);
	}
	return bad;
}
