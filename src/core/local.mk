# src/core: allocation, clock, buffers.
src_libconcviz_a_SOURCES += \
	src/core/buf.c src/core/buf.h \
	src/core/clock.h \
	src/core/xmalloc.c src/core/xmalloc.h
