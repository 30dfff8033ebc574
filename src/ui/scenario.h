/*
 * scenario.h — the scenario catalogue: .py files whose header comment block
 * gives a title, a topic, a default playhead speed and a description.
 *
 * This module knows nothing about the terminal: it reads directories and
 * parses headers, returning problems as notes (a bad file is skipped, never
 * fatal). The header format is documented in concviz(1), SCENARIOS.
 */
#ifndef CONCVIZ_UI_SCENARIO_H
#define CONCVIZ_UI_SCENARIO_H

#include <stddef.h>

/* The topics, in the order of SPEC §3 (the menu's order). */
#define SCENARIO_TOPICS(X)			\
	X(PROCESSES,	"Processes")		\
	X(THREADS,	"Threads and states")	\
	X(SYNC,		"Synchronization")	\
	X(GIL,		"The GIL")		\
	X(ASYNCIO,	"asyncio")		\
	X(IPC,		"IPC")			\
	X(POOLS,	"Pools and executors")

enum scenario_topic {
#define X(n, s) SCENARIO_TOPIC_##n,
	SCENARIO_TOPICS(X)
#undef X
	SCENARIO_TOPIC_COUNT
};

#define SCENARIO_SPEED_MIN	0.001	/* 1/1000 of real time */
#define SCENARIO_SPEED_MAX	1.0
#define SCENARIO_SPEED_DEFAULT	0.01

/* One scenario; every string is owned by the struct. */
struct scenario {
	char	*path;		/* full path of the .py file */
	char	*dir;		/* the directory it was found in */
	char	*title;
	int	 topic;		/* enum scenario_topic */
	double	 speed;		/* default playhead speed, 1/1000 .. 1 */
	char	*description;	/* paragraphs separated by "\n" */
	char	*gil;		/* "modern", "legacy", "none" or NULL */
	char	*breaker;	/* "default", "instruction" or NULL */
	double	 switch_ms;	/* switch interval in ms, 0: the default */
};

/* All scenarios found, sorted by topic then title, plus notes on bad files. */
struct scenario_list {
	struct scenario	*v;
	size_t		 n;
	char		**notes;	/* "FILE: why it was skipped" */
	size_t		 nnotes;
};

/* The name of a topic, or NULL if out of range. */
const char	*scenario_topic_name(int topic);
/* A topic by its exact name (case-insensitive), or -1. */
int		 scenario_topic_find(const char *name);

/*
 * Parse the header block of a scenario's text into sc (path and dir are left
 * alone). Returns 0, or -1 with an allocated message in *cause.
 */
int		 scenario_parse(const char *text, size_t len, struct scenario *sc,
		    char **cause);
/* Free the strings of one scenario. */
void		 scenario_fini(struct scenario *sc);

/*
 * The directories to search, in order: $CONCVIZ_DATA_DIR/scenarios (or
 * PKGDATADIR/scenarios) then $XDG_DATA_HOME/concviz/scenarios (default
 * ~/.local/share/concviz/scenarios). Returns an allocated NULL-terminated
 * array; free with scenario_dirs_free.
 */
char		**scenario_dirs(void);
void		 scenario_dirs_free(char **dirs);

/* Read every *.py in dirs (a missing directory is not an error). */
void		 scenario_list_load(struct scenario_list *l, char *const *dirs);
/* Read a single file as a scenario (for "concviz FILE.py"): a file without a
   header still loads, titled by its name. Returns 0 or -1 with *cause. */
int		 scenario_load_file(const char *path, struct scenario *sc,
		    int need_header, char **cause);
void		 scenario_list_free(struct scenario_list *l);

#endif
