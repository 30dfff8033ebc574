/*
 * intr-exec.c — "intr-exec CMD ARGS...": run CMD as a terminal's foreground
 * job would be, for tests/proc/intr.sh: in a process group (and session) of
 * its own, with SIGINT at its default disposition. A shell starts
 * background commands with SIGINT ignored, and a program that finds it
 * ignored (CPython, concviz) leaves it ignored.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sigaction sa;

	if (argc < 2) {
		fprintf(stderr, "usage: intr-exec command [argument ...]\n");
		return 2;
	}
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	setsid();
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
