# src/ui: the terminal interface (the only room that includes curses), the
# scenario catalogue it shows and its adapters on the trace library.
src_libconcviz_a_SOURCES += \
	src/ui/app.c \
	src/ui/feed.c src/ui/feed.h \
	src/ui/menu.c \
	src/ui/words.c src/ui/words.h \
	src/ui/offscreen.c src/ui/offscreen.h \
	src/ui/panes.c \
	src/ui/runner.c \
	src/ui/scenario.c src/ui/scenario.h \
	src/ui/theme.c \
	src/ui/timeline.c src/ui/timeline.h \
	src/ui/ui.h \
	src/ui/view.c
