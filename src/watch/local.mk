# src/watch: observe any program's processes and threads from /proc
# ("concviz watch", "concviz attach").
src_libconcviz_a_SOURCES += src/watch/watch.c src/watch/watch.h
