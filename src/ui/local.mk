# src/ui: the terminal interface (the only room that includes curses) and the
# scenario catalogue it shows.
src_libconcviz_a_SOURCES += \
	src/ui/scenario.c src/ui/scenario.h
