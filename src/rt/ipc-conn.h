/*
 * ipc-conn.h — the framing shared by connections and queues (ipc-conn.c).
 * Internal to the IPC files.
 */
#ifndef CONCVIZ_RT_IPC_CONN_H
#define CONCVIZ_RT_IPC_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "trace/event.h"

/* Write one frame (header and body in one write). 0, or -1 with *cause. */
int	ipc_frame_write(int fd, int sock, const void *p, size_t len,
	    char **cause);
/* Read one frame: 1, 0 at EOF before a frame, -1 with *cause. */
int	ipc_frame_read(int fd, struct buf *out, char **cause);
/*
 * Wait until fd is ready for events or deadline passes (0: no deadline),
 * showing the thread Blocked on obj for why only if it must wait. 1 if
 * ready, 0 on timeout.
 */
int	ipc_fd_wait(int fd, short events, uint64_t deadline,
	    enum trace_reason why, uint32_t obj);

#endif
