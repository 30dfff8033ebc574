# src/rt/proc.mk: processes and IPC (multiprocessing on real fork()).
