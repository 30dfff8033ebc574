# src/lang: the Python-subset language (lexer, parser, compiler, VM, objects,
# builtins, modules). See src/lang/vm.h for the interfaces the runtime uses.
src_libconcviz_a_SOURCES += \
	src/lang/ast.h \
	src/lang/builtins.c \
	src/lang/compile.c \
	src/lang/containers.c \
	src/lang/format.c \
	src/lang/lang.h \
	src/lang/lexer.c src/lang/lexer.h \
	src/lang/local.c \
	src/lang/object.c \
	src/lang/opcodes.h \
	src/lang/parser.c \
	src/lang/str.c \
	src/lang/value.h \
	src/lang/vm.c src/lang/vm.h \
	src/lang/modules/math.c \
	src/lang/modules/modules.c \
	src/lang/modules/random.c \
	src/lang/modules/sys.c \
	src/lang/modules/time.c \
	src/lang/modules/rtbind.h \
	src/lang/modules/thread.c \
	src/lang/modules/threading.c
EXTRA_DIST += src/lang/README
