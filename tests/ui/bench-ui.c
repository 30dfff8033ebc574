/*
 * bench-ui.c — the UI's performance figures for "make bench":
 *  - the time to render one frame of a 200-lane view into a virtual
 *    terminal (ncurses newterm on /dev/null), by the real drawing code;
 *  - the CPU the real interactive program uses while paused and while
 *    animating a busy replay, measured over a fixed interval from the
 *    kernel's accounting of its process (utime + stime), in a pty.
 * Prints NAME<TAB>VALUE<TAB>UNIT<TAB>TARGET lines (tests/bench/run.sh).
 *
 *	bench-ui CONCVIZ
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "synth.h"
#include "trace/cvz.h"
#include "ui/offscreen.h"

#define INTERVAL_S	2.0	/* CPU measured over this much wall time */

/* A synth_cb into a writer. */
static void
to_writer(const struct trace_ev *ev, void *arg)
{
	cvz_writer_add(arg, ev);
}

/* Mean ns per frame of the view of tl in a cols x rows virtual terminal. */
static double
frame_ns(struct timeline *tl, int cols, int rows, int frames)
{
	struct offscreen_opts	 o;
	uint64_t		 ns = 0;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.cols = cols;
	o.rows = rows;
	o.speed = 0.01;
	o.zoom = 1000000;
	o.frames = frames;
	if (offscreen_render(tl, &o, NULL, &ns, &cause) != 0) {
		fprintf(stderr, "bench-ui: %s\n", cause);
		exit(1);
	}
	return (double)ns;
}

/* CPU seconds used so far by pid (utime + stime). */
static double
cpu_of(pid_t pid)
{
	char			 path[64], buf[1024], *p;
	FILE			*f;
	unsigned long		 ut = 0, st = 0;
	int			 i;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	/* Fields after the ")" of the command name; utime is field 14. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	p += 2;
	for (i = 3; i < 14 && p != NULL; i++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL || sscanf(p, "%lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* Read and drop what the program draws, for secs seconds. */
static void
drain(int fd, double secs)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		buf[65536];
	uint64_t	end = clock_now_ns() + (uint64_t)(secs * 1e9), now;

	while ((now = clock_now_ns()) < end) {
		if (poll(&pfd, 1, (int)((end - now) / 1000000) + 1) > 0 &&
		    read(fd, buf, sizeof buf) <= 0)
			return;
	}
}

/* Start "concviz replay file" in a pty; returns the master fd. */
static int
start_ui(const char *concviz, const char *file, pid_t *pid)
{
	struct winsize	 ws = { .ws_row = 40, .ws_col = 120 };
	int		 m, s;
	char		*name;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(m) != 0 ||
	    unlockpt(m) != 0 || (name = ptsname(m)) == NULL) {
		perror("bench-ui: pty");
		exit(1);
	}
	if ((*pid = fork()) == 0) {
		setsid();
		if ((s = open(name, O_RDWR)) < 0)
			_exit(127);
		ioctl(s, TIOCSCTTY, 0);
		ioctl(s, TIOCSWINSZ, &ws);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		close(m);
		setenv("TERM", "xterm-256color", 1);
		execl(concviz, "concviz", "replay", file, (char *)NULL);
		_exit(127);
	}
	return m;
}

int
main(int argc, char **argv)
{
	struct timeline		 tl;
	struct model_meta	 meta;
	struct cvz_writer	*w;
	char			 file[] = "/tmp/concviz-bench-ui-XXXXXX", *cause = NULL;
	double			 c0, c1, ns;
	pid_t			 pid;
	int			 fd, m, status;

	setlocale(LC_ALL, "C.UTF-8");
	if (argc != 2) {
		fprintf(stderr, "usage: bench-ui CONCVIZ\n");
		return 2;
	}

	/* One frame of a 200-lane view. */
	timeline_init(&tl);
	synth_many(synth_to_timeline, &tl, 200, 2000);
	frame_ns(&tl, 120, 40, 5);		/* warm up */
	ns = frame_ns(&tl, 120, 40, 200);
	printf("ui: render one frame, 200 lanes, 120x40\t%.3f\tms\t<= 2 ms\n",
	    ns / 1e6);
	ns = frame_ns(&tl, 240, 500, 50);
	printf("ui: render one frame, 200 lanes all shown, 240x500\t%.3f\tms\t"
	    "(reference)\n", ns / 1e6);
	timeline_fini(&tl);

	/* A long busy recording, replayed by the real program in a pty. */
	if ((fd = mkstemp(file)) < 0) {
		perror("bench-ui: mkstemp");
		return 1;
	}
	close(fd);
	memset(&meta, 0, sizeof meta);
	meta.concviz_version = (char *)"bench";
	meta.source_name = (char *)"bench.py";
	meta.source_text = (char *)synth_source;
	meta.source_len = strlen(synth_source);
	if ((w = cvz_writer_open(file, &meta, &cause)) == NULL) {
		fprintf(stderr, "bench-ui: %s\n", cause);
		return 1;
	}
	synth_many(to_writer, w, 200, 20000);
	if (cvz_writer_close(w, &cause) != 0) {
		fprintf(stderr, "bench-ui: %s\n", cause);
		return 1;
	}

	m = start_ui(argv[1], file, &pid);
	drain(m, 1.0);				/* start-up */
	c0 = cpu_of(pid);
	drain(m, INTERVAL_S);
	c1 = cpu_of(pid);
	printf("ui: CPU while animating a 200-lane replay\t%.1f\t%%\t<= 5 %% "
	    "of one core\n", (c1 - c0) / INTERVAL_S * 100);
	if (write(m, " ", 1) != 1)		/* pause */
		perror("bench-ui: write");
	drain(m, 0.5);
	c0 = cpu_of(pid);
	drain(m, INTERVAL_S);
	c1 = cpu_of(pid);
	printf("ui: CPU while paused\t%.2f\t%%\t~0\n",
	    (c1 - c0) / INTERVAL_S * 100);
	if (write(m, "q", 1) != 1)
		perror("bench-ui: write");
	drain(m, 0.2);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	close(m);
	unlink(file);
	return 0;
}
