# src/rt: the GIL, threads, synchronization primitives, deadlock detection.
src_libconcviz_a_SOURCES += \
	src/rt/deadlock.c src/rt/deadlock.h \
	src/rt/gil.c src/rt/gil.h \
	src/rt/intr.c src/rt/intr.h \
	src/rt/rt.c src/rt/rt.h \
	src/rt/sync-barrier.c src/rt/sync-cond.c src/rt/sync-event.c \
	src/rt/sync-lock.c src/rt/sync-queue.c src/rt/sync-sema.c \
	src/rt/sync-waiter.h src/rt/sync.h \
	src/rt/thread.c src/rt/thread.h
