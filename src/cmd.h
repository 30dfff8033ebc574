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

/* How a program runs: the GIL, its switch interval, the eval breaker. */
struct run_settings {
	const char	*gil;		/* "modern", "legacy", "none" */
	double		 interval_ms;	/* > 0 */
	const char	*breaker;	/* "default", "instruction" */
	int		 given;		/* bit 0 gil, 1 interval, 2 breaker */
};

/* The long options of run_settings, for getopt_long tables. */
#define RUN_SETTINGS_LONGOPTS						\
	{ "gil",             required_argument, NULL, 'g' },		\
	{ "switch-interval", required_argument, NULL, 'i' },		\
	{ "breaker",         required_argument, NULL, 'b' }

/*
 * Take option c ('g', 'i' or 'b') with its argument into s. Returns 1 if
 * taken, 0 if c is not one of them, -1 after saying what is wrong.
 */
int	run_settings_option(const char *cmd, int c, const char *arg,
	    struct run_settings *s);

/*
 * --summary: make a private recording file (path[size], removed by the
 * caller), then print the summary of a recording to standard error. Both
 * return 0, or -1 after saying why.
 */
int	cmd_tmp_record(const char *cmd, char *path, size_t size);
int	cmd_summary(const char *cmd, const char *path);

/* How the interactive view's runner re-executes concviz. */
const char *cmd_self(void);

/* Print "concviz CMD: MESSAGE" to stderr. */
void	cmd_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Print the one-line usage of a subcommand to stderr and return CMD_EXIT_USAGE. */
int	cmd_usage(const char *cmd);
/* Report a subcommand this build does not have yet; returns CMD_EXIT_FAIL. */
int	cmd_unavailable(const char *cmd, const char *what);

#endif
