# src/trace: the event vocabulary, the emit path, the .cvz format, the model.
src_libconcviz_a_SOURCES += \
	src/trace/collector.c \
	src/trace/cvz-read.c \
	src/trace/cvz.c src/trace/cvz.h \
	src/trace/emit.c src/trace/emit.h \
	src/trace/event.h \
	src/trace/forkgate.c src/trace/forkgate.h \
	src/trace/model.c src/trace/model.h \
	src/trace/names.c \
	src/trace/narrate.c src/trace/narrate.h \
	src/trace/ring.h
