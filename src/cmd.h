/*
 * cmd.h — the subcommand table shared by main.c and the cmd-*.c files.
 *
 * Each subcommand is one file with one entry point that parses its own
 * options (getopt_long) and returns the process exit status. Only these files
 * and src/ui/ print to the terminal or decide exit codes.
 */
#ifndef CONCVIZ_CMD_H
#define CONCVIZ_CMD_H

/* Exit status, as documented in concviz(1). */
#define CMD_EXIT_OK	0	/* success */
#define CMD_EXIT_FAIL	1	/* the program or file failed */
#define CMD_EXIT_USAGE	2	/* usage error */

struct cmd_entry {
	const char	*name;
	const char	*args;		/* synopsis after the name */
	const char	*summary;	/* one line for --help */
	int		(*exec)(int argc, char **argv);
};

extern const char *cmd_progname;

int	cmd_run(int, char **);
int	cmd_replay(int, char **);
int	cmd_export(int, char **);
int	cmd_check(int, char **);
int	cmd_list(int, char **);
int	cmd_watch(int, char **);
int	cmd_attach(int, char **);
int	cmd_ui(int, char **);

/* Print "concviz CMD: MESSAGE" to stderr. */
void	cmd_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Print the one-line usage of a subcommand to stderr and return CMD_EXIT_USAGE. */
int	cmd_usage(const char *cmd);
/* Report a subcommand this build does not have yet; returns CMD_EXIT_FAIL. */
int	cmd_unavailable(const char *cmd, const char *what);

#endif
