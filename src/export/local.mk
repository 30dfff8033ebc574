# src/export: the exporters (one file each, listed in export.c).
src_libconcviz_a_SOURCES += \
	src/export/export.c src/export/export.h \
	src/export/export-asciicast.c \
	src/export/export-chrome.c \
	src/export/export-summary.c \
	src/export/export-svg.c \
	src/export/export-text.c
# The asciicast's frames are drawn by the UI: its curses side lives in
# src/ui/ (the only room that includes curses).
src_libconcviz_a_SOURCES += src/ui/cast.c src/ui/cast.h
