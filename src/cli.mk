# The program's subcommands: one file each, wired by the table in src/main.c.
src_concviz_SOURCES += \
	src/cmd-check.c \
	src/cmd-export.c \
	src/cmd-list.c \
	src/cmd-replay.c \
	src/cmd-run.c \
	src/cmd-watch.c
