# src/rt/proc.mk: processes and IPC (multiprocessing on real fork()).
src_libconcviz_a_SOURCES += \
	src/rt/proc.h src/rt/proc-int.h \
	src/rt/proc-core.c \
	src/rt/proc-contain.c \
	src/rt/proc-limit.c
