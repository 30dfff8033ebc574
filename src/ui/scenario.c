/*
 * scenario.c — reads scenario directories and parses the header comment
 * block of each .py file. Owns struct scenario_list; never touches the
 * terminal and never exits: every problem becomes a note or a *cause.
 *
 * The header is the run of '#' lines at the very top of the file (after an
 * optional "#!" line):
 *
 *	# title: Two threads, one GIL
 *	# topic: The GIL
 *	# speed: 0.01
 *	# gil: legacy			(optional: modern, legacy, none)
 *	# switch-interval: 1		(optional, milliseconds)
 *	# breaker: instruction		(optional: default, instruction)
 *	# description: Two CPU-bound threads share the GIL. Watch the
 *	#   switch interval: every 5 ms ...
 *	#
 *	#   A second paragraph.
 *
 * A field is "# key: value"; a line with two or more spaces after the '#'
 * continues the previous field; a lone "#" inside the description starts a
 * new paragraph. Unknown keys are ignored so that newer files still load.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "ui/scenario.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/concviz"
#endif

#define SCENARIO_MAX_BYTES	(1024 * 1024)	/* a lesson, not a data file */
#define SCENARIO_MAX_HEADER	200		/* header lines examined */
#define SCENARIO_MAX_TITLE	60

static const char *scenario_topic_names[] = {
#define X(n, s) s,
	SCENARIO_TOPICS(X)
#undef X
};

/* The name of a topic, or NULL if out of range. */
const char *
scenario_topic_name(int topic)
{
	if (topic < 0 || topic >= SCENARIO_TOPIC_COUNT)
		return NULL;
	return scenario_topic_names[topic];
}

/* A topic by its name (case-insensitive), or -1. */
int
scenario_topic_find(const char *name)
{
	int i;

	for (i = 0; i < SCENARIO_TOPIC_COUNT; i++)
		if (strcasecmp(scenario_topic_names[i], name) == 0)
			return i;
	return -1;
}

/* Strip trailing blanks (and a CR) from a field in place. */
static void
scenario_rstrip(struct buf *b)
{
	while (b->len > 0 && isspace((unsigned char)b->data[b->len - 1]))
		b->data[--b->len] = '\0';
}

/* Nonzero if the text holds a control character other than newline. */
static int
scenario_has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n')
			return 1;
		else if (*s == 0x7f)
			return 1;
	return 0;
}

/* Parse a speed "0.01" or "1/100"; returns 0 or -1. */
static int
scenario_parse_speed(const char *s, double *out)
{
	char *end;
	double a, b;

	errno = 0;
	a = strtod(s, &end);
	if (end == s || errno != 0)
		return -1;
	if (*end == '/') {
		s = end + 1;
		b = strtod(s, &end);
		if (end == s || errno != 0 || b == 0)
			return -1;
		a /= b;
	}
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' || !isfinite(a))
		return -1;
	if (a < SCENARIO_SPEED_MIN - 1e-12 || a > SCENARIO_SPEED_MAX + 1e-12)
		return -1;
	*out = a;
	return 0;
}

enum { F_TITLE, F_TOPIC, F_SPEED, F_DESCRIPTION, F_GIL, F_SWITCH, F_BREAKER,
    F_OTHER, F_COUNT };

/* Which field a key names. */
static int
scenario_field(const char *key, size_t len)
{
	static const char *names[] = { "title", "topic", "speed", "description",
	    "gil", "switch-interval", "breaker" };
	int i;

	for (i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], key, len) == 0)
			return i;
	return F_OTHER;
}

/* Is the field one of the space-separated words? */
static int
scenario_one_of(const struct buf *f, const char *words)
{
	const char	*w = words, *e;

	if (f->len == 0)
		return 0;
	for (;;) {
		e = strchr(w, ' ');
		if (e == NULL)
			e = w + strlen(w);
		if ((size_t)(e - w) == f->len && memcmp(w, f->data, f->len) == 0)
			return 1;
		if (*e == '\0')
			return 0;
		w = e + 1;
	}
}

/* Parse the header block of text into sc. */
int
scenario_parse(const char *text, size_t len, struct scenario *sc, char **cause)
{
	struct buf	 f[F_COUNT];
	int		 seen[F_COUNT] = { 0 };
	int		 cur = -1, lineno = 0, i, rc = -1, para = 0;
	const char	*p = text, *end = text + len, *nl, *q, *k;
	size_t		 n;
	double		 speed = SCENARIO_SPEED_DEFAULT, switch_ms = 0;

	for (i = 0; i < F_COUNT; i++)
		buf_init(&f[i]);
	if (memchr(text, '\0', len) != NULL) {
		*cause = xstrdup("the file contains a NUL byte");
		goto out;
	}
	/* A UTF-8 byte order mark is tolerated. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && lineno < SCENARIO_MAX_HEADER) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (lineno == 1 && n >= 2 && p[0] == '#' && p[1] == '!')
			goto next;
		if (n == 0 || p[0] != '#')
			break;
		q = p + 1;
		/* Count the blanks after '#'. */
		for (i = 0; q + i < p + n && (q[i] == ' ' || q[i] == '\t'); i++)
			;
		if (q + i == p + n) {
			/* A lone '#': a paragraph break in a continued field. */
			if (cur == F_DESCRIPTION)
				para = 1;
			goto next;
		}
		if (i >= 2 && cur >= 0) {
			/* A continuation line. */
			if (f[cur].len > 0)
				buf_addc(&f[cur], para ? '\n' : ' ');
			para = 0;
			buf_add(&f[cur], q + i, (size_t)(p + n - (q + i)));
			scenario_rstrip(&f[cur]);
			goto next;
		}
		k = q + i;
		for (q = k; q < p + n && (isalnum((unsigned char)*q) ||
		    *q == '_' || *q == '-'); q++)
			;
		if (q == k || q >= p + n || *q != ':') {
			/* Prose: the header ends here (or never started). */
			break;
		}
		cur = scenario_field(k, (size_t)(q - k));
		para = 0;
		if (cur != F_OTHER && seen[cur]) {
			*cause = xasprintf("line %d: '%.*s' given twice", lineno,
			    (int)(q - k), k);
			goto out;
		}
		seen[cur] = 1;
		buf_clear(&f[cur]);
		for (q++; q < p + n && (*q == ' ' || *q == '\t'); q++)
			;
		buf_add(&f[cur], q, (size_t)(p + n - q));
		scenario_rstrip(&f[cur]);
	next:
		if (nl == NULL)
			break;
		p = nl + 1;
	}

	if (!seen[F_TITLE] && !seen[F_TOPIC] && !seen[F_DESCRIPTION]) {
		*cause = xstrdup("no header (the file must start with "
		    "'# title:', '# topic:' and '# description:' lines)");
		goto out;
	}
	if (!seen[F_TITLE] || f[F_TITLE].len == 0) {
		*cause = xstrdup("the header has no '# title:'");
		goto out;
	}
	if (f[F_TITLE].len > SCENARIO_MAX_TITLE) {
		*cause = xasprintf("the title is longer than %d characters",
		    SCENARIO_MAX_TITLE);
		goto out;
	}
	if (!seen[F_TOPIC] || f[F_TOPIC].len == 0) {
		*cause = xstrdup("the header has no '# topic:'");
		goto out;
	}
	if ((sc->topic = scenario_topic_find(f[F_TOPIC].data)) < 0) {
		struct buf all;

		buf_init(&all);
		for (i = 0; i < SCENARIO_TOPIC_COUNT; i++)
			buf_printf(&all, "%s'%s'", i ? ", " : "",
			    scenario_topic_names[i]);
		*cause = xasprintf("unknown topic '%s' (one of %s)",
		    f[F_TOPIC].data, all.data);
		buf_fini(&all);
		goto out;
	}
	if (!seen[F_DESCRIPTION] || f[F_DESCRIPTION].len == 0) {
		*cause = xstrdup("the header has no '# description:'");
		goto out;
	}
	if (seen[F_SPEED] && scenario_parse_speed(f[F_SPEED].data, &speed) != 0) {
		*cause = xasprintf("bad speed '%s' (a number from 0.001 to 1, "
		    "or a fraction like 1/100)", f[F_SPEED].data);
		goto out;
	}
	if (seen[F_GIL] && !scenario_one_of(&f[F_GIL], "modern legacy none")) {
		*cause = xasprintf("bad gil '%s' (modern, legacy or none)",
		    f[F_GIL].len ? f[F_GIL].data : "");
		goto out;
	}
	if (seen[F_BREAKER] &&
	    !scenario_one_of(&f[F_BREAKER], "default instruction")) {
		*cause = xasprintf("bad breaker '%s' (default or instruction)",
		    f[F_BREAKER].len ? f[F_BREAKER].data : "");
		goto out;
	}
	if (seen[F_SWITCH]) {
		char	*stop = NULL;

		if (f[F_SWITCH].len > 0)
			switch_ms = strtod(f[F_SWITCH].data, &stop);
		if (f[F_SWITCH].len == 0 || stop == f[F_SWITCH].data ||
		    *stop != '\0' ||
		    !isfinite(switch_ms) || switch_ms < 0.001 ||
		    switch_ms > 10000) {
			*cause = xasprintf("bad switch-interval '%s' (milliseconds, "
			    "0.001 to 10000)", f[F_SWITCH].len ? f[F_SWITCH].data : "");
			goto out;
		}
	}
	if (scenario_has_control(f[F_TITLE].data) ||
	    scenario_has_control(f[F_DESCRIPTION].data)) {
		*cause = xstrdup("the header contains control characters");
		goto out;
	}
	sc->title = buf_detach(&f[F_TITLE], NULL);
	sc->description = buf_detach(&f[F_DESCRIPTION], NULL);
	sc->speed = speed;
	sc->gil = seen[F_GIL] ? buf_detach(&f[F_GIL], NULL) : NULL;
	sc->breaker = seen[F_BREAKER] ? buf_detach(&f[F_BREAKER], NULL) : NULL;
	sc->switch_ms = switch_ms;
	rc = 0;
out:
	for (i = 0; i < F_COUNT; i++)
		buf_fini(&f[i]);
	return rc;
}

/* Free the strings of one scenario. */
void
scenario_fini(struct scenario *sc)
{
	free(sc->path);
	free(sc->dir);
	free(sc->title);
	free(sc->description);
	free(sc->gil);
	free(sc->breaker);
	memset(sc, 0, sizeof *sc);
}

/* Read a whole (small) file; returns NULL with *cause on failure. */
static char *
scenario_slurp(const char *path, size_t *lenp, char **cause)
{
	FILE		*f;
	struct buf	 b;
	char		 tmp[8192];
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL) {
		*cause = xasprintf("%s", strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf_add(&b, tmp, n);
		if (b.len > SCENARIO_MAX_BYTES) {
			fclose(f);
			buf_fini(&b);
			*cause = xstrdup("the file is larger than 1 MiB");
			return NULL;
		}
	}
	if (ferror(f)) {
		*cause = xasprintf("%s", strerror(errno));
		fclose(f);
		buf_fini(&b);
		return NULL;
	}
	fclose(f);
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_detach(&b, lenp);
}

/* Load one file as a scenario. */
int
scenario_load_file(const char *path, struct scenario *sc, int need_header,
    char **cause)
{
	char		*text, *slash;
	size_t		 len;
	struct stat	 st;

	memset(sc, 0, sizeof *sc);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		*cause = xstrdup("is a directory");
		return -1;
	}
	if ((text = scenario_slurp(path, &len, cause)) == NULL)
		return -1;
	if (scenario_parse(text, len, sc, cause) != 0) {
		if (need_header) {
			free(text);
			return -1;
		}
		free(*cause);
		*cause = NULL;
		slash = strrchr(path, '/');
		sc->title = xstrdup(slash != NULL ? slash + 1 : path);
		sc->topic = -1;
		sc->speed = SCENARIO_SPEED_DEFAULT;
		sc->description = xstrdup("");
	}
	free(text);
	sc->path = xstrdup(path);
	slash = strrchr(path, '/');
	sc->dir = slash != NULL ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(".");
	return 0;
}

/* The directories to search, in order. */
char **
scenario_dirs(void)
{
	char		**v = xcalloc(3, sizeof *v);
	const char	 *e;
	int		  n = 0;

	if ((e = getenv("CONCVIZ_DATA_DIR")) != NULL && *e != '\0')
		v[n++] = xasprintf("%s/scenarios", e);
#ifdef CONCVIZ_SRCDIR
	/* Not installed yet (run from the build tree): the source tree's lessons. */
	else if (access(PKGDATADIR "/scenarios", F_OK) != 0 &&
	    access(CONCVIZ_SRCDIR "/data/scenarios", F_OK) == 0)
		v[n++] = xstrdup(CONCVIZ_SRCDIR "/data/scenarios");
#endif
	else
		v[n++] = xstrdup(PKGDATADIR "/scenarios");
	if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/')
		v[n++] = xasprintf("%s/concviz/scenarios", e);
	else if ((e = getenv("HOME")) != NULL && *e != '\0')
		v[n++] = xasprintf("%s/.local/share/concviz/scenarios", e);
	v[n] = NULL;
	return v;
}

/* Free what scenario_dirs returned. */
void
scenario_dirs_free(char **dirs)
{
	char **p;

	if (dirs == NULL)
		return;
	for (p = dirs; *p != NULL; p++)
		free(*p);
	free(dirs);
}

/* Order scenarios by topic, then file name. */
static int
scenario_cmp(const void *a, const void *b)
{
	const struct scenario	*x = a, *y = b;
	const char		*fx, *fy;

	if (x->topic != y->topic)
		return x->topic < y->topic ? -1 : 1;
	fx = strrchr(x->path, '/');
	fy = strrchr(y->path, '/');
	return strcmp(fx != NULL ? fx + 1 : x->path, fy != NULL ? fy + 1 : y->path);
}

/* Remember why a file was skipped. */
static void
scenario_note(struct scenario_list *l, const char *path, const char *why)
{
	l->notes = xreallocarray(l->notes, l->nnotes + 1, sizeof *l->notes);
	l->notes[l->nnotes++] = xasprintf("%s: %s", path, why);
}

/* Read every *.py in dirs. */
void
scenario_list_load(struct scenario_list *l, char *const *dirs)
{
	DIR		*d;
	struct dirent	*de;
	struct scenario	 sc;
	char		*path, *cause;
	size_t		 len;

	memset(l, 0, sizeof *l);
	for (; *dirs != NULL; dirs++) {
		if ((d = opendir(*dirs)) == NULL) {
			if (errno != ENOENT)
				scenario_note(l, *dirs, strerror(errno));
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (de->d_name[0] == '.' || len < 4 ||
			    strcmp(de->d_name + len - 3, ".py") != 0)
				continue;
			path = xasprintf("%s/%s", *dirs, de->d_name);
			cause = NULL;
			if (scenario_load_file(path, &sc, 1, &cause) != 0) {
				scenario_note(l, path, cause);
				free(cause);
			} else {
				l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
				l->v[l->n++] = sc;
			}
			free(path);
		}
		closedir(d);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, scenario_cmp);
}

/* Free a list and everything in it. */
void
scenario_list_free(struct scenario_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		scenario_fini(&l->v[i]);
	free(l->v);
	for (i = 0; i < l->nnotes; i++)
		free(l->notes[i]);
	free(l->notes);
	memset(l, 0, sizeof *l);
}
