# src/rt/proc.mk: processes and IPC (multiprocessing on real fork()).
src_libconcviz_a_SOURCES += \
	src/rt/proc.h src/rt/proc-int.h \
	src/rt/proc-core.c \
	src/rt/proc-contain.c \
	src/rt/proc-limit.c \
	src/rt/proc-rt.h src/rt/proc-rt.c \
	src/rt/proc-pool.h src/rt/proc-pool.c \
	src/rt/ipc-int.h src/rt/ipc-wait.c \
	src/rt/ipc-wire.h src/rt/ipc-wire.c \
	src/rt/shm.h src/rt/shm-arena.c src/rt/shm-sync.c \
	src/rt/ipc.h src/rt/ipc-conn.h src/rt/ipc-conn.c src/rt/ipc-queue.c \
	src/rt/ipc-mgr.h src/rt/ipc-mgr.c src/rt/ipc-mgr-serve.c

# The Python-facing modules of processes (registered in modules.c).
src_libconcviz_a_SOURCES += \
	src/lang/modules/multiprocessing.c \
	src/lang/modules/mp.h src/lang/modules/mp-ipc.c \
	src/lang/modules/mp-pool.c src/lang/modules/mp-mgr.c \
	src/lang/modules/os.c
