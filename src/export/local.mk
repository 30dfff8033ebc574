# src/export: the exporters (one file each, listed in export.c).
src_libconcviz_a_SOURCES += \
	src/export/export.c src/export/export.h \
	src/export/export-summary.c \
	src/export/export-text.c
