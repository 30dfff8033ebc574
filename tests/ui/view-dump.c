/*
 * view-dump.c — print the running view of a synthetic run as text, rendered
 * by the real drawing code into a virtual terminal. For looking at the view
 * while the interpreter has not landed, and used by tests/ui/view.sh.
 *
 *	view-dump [-s COLSxROWS] [-t MS] [-l LANE] [-d] [-h] [-p] [-a]
 *	    [-n THREADS | -A]
 * (-a ASCII, -p paused, -n N CPU-bound threads, -A an asyncio run)
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "synth.h"
#include "ui/offscreen.h"

int
main(int argc, char **argv)
{
	struct offscreen_opts	 o = { .cols = 120, .rows = 40, .speed = 0.005 };
	struct timeline		 tl;
	struct buf		 text;
	char			*cause = NULL;
	int			 c, many = 0;
	double			 ms = -1;

	setlocale(LC_ALL, "C.UTF-8");
	while ((c = getopt(argc, argv, "s:t:l:dhn:apA")) != -1) {
		switch (c) {
		case 's':
			if (sscanf(optarg, "%dx%d", &o.cols, &o.rows) != 2)
				return 2;
			break;
		case 't':
			ms = atof(optarg);
			break;
		case 'l':
			o.sel_lane = atoi(optarg);
			break;
		case 'd':
			o.details = 1;
			break;
		case 'h':
			o.help = 1;
			break;
		case 'n':
			many = atoi(optarg);
			break;
		case 'a':
			setlocale(LC_ALL, "C");
			break;
		case 'p':
			o.paused = 1;
			break;
		case 'A':
			many = -1;
			break;
		default:
			return 2;
		}
	}
	timeline_init(&tl);
	if (many < 0)
		synth_asyncio(synth_to_timeline, &tl);
	else if (many > 0)
		synth_many(synth_to_timeline, &tl, many, 200);
	else
		synth_threading(synth_to_timeline, &tl);
	o.source = synth_source;
	o.title = "The notes' threading example";
	if (ms >= 0)
		o.ph = SYNTH_T0 + (uint64_t)(ms * 1e6);
	o.zoom = 200000;
	buf_init(&text);
	if (offscreen_render(&tl, &o, &text, NULL, &cause) != 0) {
		fprintf(stderr, "view-dump: %s\n", cause);
		return 1;
	}
	fwrite(text.data, 1, text.len, stdout);
	buf_fini(&text);
	timeline_fini(&tl);
	return 0;
}
