# tests/proc: processes and IPC.
