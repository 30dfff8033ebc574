/*
 * opcodes.h — the one list of VM instructions.
 *
 * An instruction is a 32-bit word: opcode in the low 7 bits, the line mark
 * in bit 7, argument in the high 24 bits. Jumps hold absolute instruction
 * indexes. The line mark (set by the compiler on the first instruction of
 * each line and on every jump target) tells a tracing VM where the current
 * line may change, so that it looks at the line table there and nowhere
 * else. The compiler emits
 * these, the VM dispatches on them (computed goto), and nothing else may
 * depend on their numbering.
 */
#ifndef CONCVIZ_LANG_OPCODES_H
#define CONCVIZ_LANG_OPCODES_H

#define OPCODES(X)							\
	X(NOP)			/* */					\
	X(LOAD_CONST)		/* arg: const index */			\
	X(LOAD_FAST)		/* arg: local index */			\
	X(STORE_FAST)							\
	X(DELETE_FAST)							\
	X(LOAD_DEREF)		/* arg: cell/free index */		\
	X(STORE_DEREF)							\
	X(DELETE_DEREF)							\
	X(LOAD_CLOSURE)		/* push the cell itself */		\
	X(LOAD_GLOBAL)		/* arg: name index */			\
	X(STORE_GLOBAL)							\
	X(DELETE_GLOBAL)						\
	X(LOAD_NAME)		/* locals dict, globals, builtins */	\
	X(STORE_NAME)							\
	X(DELETE_NAME)							\
	X(LOAD_ATTR)		/* arg: name index */			\
	X(STORE_ATTR)							\
	X(DELETE_ATTR)							\
	X(LOAD_METHOD)		/* push [func, self] or [NULL, attr] */	\
	X(CALL_METHOD)		/* arg: argc */				\
	X(BINARY_SUBSCR)						\
	X(STORE_SUBSCR)							\
	X(DELETE_SUBSCR)						\
	X(BINARY_OP)		/* arg: enum ast_op */			\
	X(INPLACE_OP)		/* arg: enum ast_op */			\
	X(UNARY_OP)		/* arg: enum ast_op */			\
	X(COMPARE_OP)		/* arg: enum ast_op (LT..NE) */		\
	X(IS_OP)		/* arg: 1 = is not */			\
	X(CONTAINS_OP)		/* arg: 1 = not in */			\
	X(POP_TOP)							\
	X(DUP_TOP)							\
	X(DUP_TOP_TWO)							\
	X(ROT_TWO)							\
	X(ROT_THREE)							\
	X(ROT_FOUR)							\
	X(JUMP)			/* arg: target */			\
	X(JUMP_BACK)		/* backward jump: eval-breaker check */	\
	X(POP_JUMP_IF_FALSE)						\
	X(POP_JUMP_IF_TRUE)						\
	X(JUMP_IF_FALSE_OR_POP)						\
	X(JUMP_IF_TRUE_OR_POP)						\
	X(GET_ITER)							\
	X(FOR_ITER)		/* arg: target when exhausted */	\
	X(BUILD_LIST)		/* arg: count */			\
	X(BUILD_TUPLE)							\
	X(BUILD_SET)							\
	X(BUILD_MAP)		/* arg: pairs */			\
	X(BUILD_SLICE)		/* arg: 2 or 3 */			\
	X(BUILD_STRING)		/* arg: count */			\
	X(LIST_APPEND)		/* arg: depth of the list */		\
	X(SET_ADD)							\
	X(MAP_ADD)							\
	X(LIST_EXTEND)		/* arg: depth */			\
	X(SET_UPDATE)							\
	X(DICT_UPDATE)							\
	X(DICT_MERGE)		/* like update, errors on duplicates */	\
	X(LIST_TO_TUPLE)						\
	X(UNPACK_SEQUENCE)	/* arg: count */			\
	X(UNPACK_EX)		/* arg: before | after << 8 */		\
	X(CALL)			/* arg: argc */				\
	X(CALL_KW)		/* arg: argc incl. keywords; names tuple on top */ \
	X(CALL_EX)		/* arg: 1 if kwargs dict; args tuple */	\
	X(MAKE_FUNCTION)	/* arg: flags 1 defaults 2 kwdefaults 4 closure */ \
	X(RETURN_VALUE)							\
	X(YIELD_VALUE)							\
	X(YIELD_FROM)		/* arg: resume target */		\
	X(GEN_START)							\
	X(SETUP_EXCEPT)		/* arg: handler */			\
	X(SETUP_WITH)		/* arg: handler */			\
	X(POP_BLOCK)							\
	X(POP_EXCEPT)							\
	X(RERAISE)							\
	X(RAISE)		/* arg: 0 re-raise, 1 exc, 2 exc from */ \
	X(CHECK_EXC_MATCH)						\
	X(WITH_EXIT)		/* normal exit: call __exit__(None x3) */ \
	X(WITH_EXCEPT)		/* exceptional: push __exit__(t, v, tb) */ \
	X(FORMAT_VALUE)		/* arg: conv | 4 if spec on stack */	\
	X(LOAD_BUILD_CLASS)						\
	X(IMPORT_NAME)		/* arg: name index */			\
	X(IMPORT_FROM)							\
	X(IMPORT_STAR)							\
	X(LOAD_ASSERTION_ERROR)						\
	X(COPY_TO_CELL)		/* arg: local | cell << 12 */		\
	X(RETURN_GENERATOR)						\
	X(LOAD_FAST_LOAD_FAST)	/* arg: a | b << 12 */			\
	X(POP_JUMP_IF_NONE)						\
	X(STORE_FAST_LOAD_FAST)

enum opcode {
#define X(n) OP_##n,
	OPCODES(X)
#undef X
	OP__COUNT
};

#define INSN(op, arg)	((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define INSN_OP(w)	((w) & 0x7f)
#define INSN_LINEMARK	0x80u
#define INSN_DISPATCH(w) ((w) & 0xff)	/* opcode with the line mark */
#define INSN_ARG(w)	((w) >> 8)

/* Code flags. */
#define CO_GENERATOR	0x1
#define CO_VARARGS	0x2
#define CO_VARKW	0x4
#define CO_FUNCTION	0x8	/* fast locals */
#define CO_CLASSBODY	0x10
#define CO_MODULE	0x20
#define CO_LAMBDA	0x40
#define CO_COMPREHENSION 0x80

#endif
