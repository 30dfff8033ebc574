/*
 * shm-arena.c — the shared-memory arena of a run.
 *
 * One anonymous MAP_SHARED | MAP_NORESERVE region (pages are only committed
 * when touched), mapped by the first process that needs it — in practice the
 * root, before it forks — and therefore at the same address in every
 * descendant. Blocks are carved with a bump pointer and recycled through
 * per-size-class free lists; the header lives at the start of the region and
 * is guarded by a robust process-shared mutex, so any process of the run may
 * allocate and free. Blocks too large for a class get their own shared
 * mapping (visible to children forked afterwards, as CPython's fork context).
 * Nothing is ever created in /dev/shm or the file system.
 */
#include "config.h"

#include <sys/mman.h>

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "core/xmalloc.h"
#include "rt/ipc-int.h"
#include "rt/shm.h"

#define SHM_ARENA_SIZE	((size_t)256 << 20)	/* reserved, not committed */
#define SHM_MIN_SHIFT	5			/* 32-byte smallest class */
#define SHM_NCLASSES	16			/* up to 1 MiB */
#define SHM_BIG		0xffu
#define SHM_MAGIC	0x5348u

/* Precedes every block; 16 bytes so payloads stay 16-aligned. */
struct shm_block {
	uint16_t	magic;
	uint8_t		cls;
	uint8_t		pad;
	uint32_t	pad2;
	uint64_t	size;		/* big blocks: mapping length */
};

/* At the start of the arena: shared by every process of the run. */
struct shm_header {
	pthread_mutex_t	lock;
	size_t		top;		/* bump offset from the arena start */
	size_t		used;
	size_t		free_off[SHM_NCLASSES];	/* offset+1 of the first free */
};

static struct shm_header *shm_arena;	/* set once, before forks */
static pthread_mutex_t shm_map_lock = PTHREAD_MUTEX_INITIALIZER;

/* Map the arena now. */
void
shm_init(void)
{
	void *p;

	pthread_mutex_lock(&shm_map_lock);
	if (shm_arena == NULL) {
		p = mmap(NULL, SHM_ARENA_SIZE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			fatal("shm: cannot map the shared arena: %s",
			    strerror(errno));
		shm_arena = p;
		ipc_pshared_mutex_init(&shm_arena->lock);
		shm_arena->top = (sizeof *shm_arena + 63) & ~(size_t)63;
	}
	pthread_mutex_unlock(&shm_map_lock);
}

/* The class of a payload size, or SHM_BIG. */
static unsigned
shm_class(size_t size)
{
	unsigned c;

	for (c = 0; c < SHM_NCLASSES; c++)
		if (size + sizeof(struct shm_block) <=
		    ((size_t)1 << (c + SHM_MIN_SHIFT)))
			return c;
	return SHM_BIG;
}

/* Zeroed shared memory. */
void *
shm_alloc(size_t size)
{
	struct shm_block *b;
	unsigned c;
	size_t len, off;
	void *p;

	shm_init();
	c = shm_class(size);
	if (c == SHM_BIG) {
		len = size + sizeof *b;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			fatal("shm: cannot map %zu bytes: %s", len,
			    strerror(errno));
		b = p;
		b->magic = SHM_MAGIC;
		b->cls = SHM_BIG;
		b->size = len;
		return b + 1;
	}
	len = (size_t)1 << (c + SHM_MIN_SHIFT);
	ipc_mutex_lock(&shm_arena->lock);
	if ((off = shm_arena->free_off[c]) != 0) {
		b = (struct shm_block *)((char *)shm_arena + off - 1);
		memcpy(&shm_arena->free_off[c], b + 1, sizeof(size_t));
	} else {
		if (shm_arena->top + len > SHM_ARENA_SIZE) {
			pthread_mutex_unlock(&shm_arena->lock);
			fatal("shm: the shared arena is full (%zu bytes)",
			    SHM_ARENA_SIZE);
		}
		b = (struct shm_block *)((char *)shm_arena + shm_arena->top);
		shm_arena->top += len;
	}
	shm_arena->used += len;
	pthread_mutex_unlock(&shm_arena->lock);
	memset(b, 0, len);
	b->magic = SHM_MAGIC;
	b->cls = (uint8_t)c;
	b->size = len;
	return b + 1;
}

/* Return a block to its class's free list. */
void
shm_free(void *p)
{
	struct shm_block *b;
	size_t off;

	if (p == NULL)
		return;
	b = (struct shm_block *)p - 1;
	assert(b->magic == SHM_MAGIC && "shm_free: not a shared block");
	if (b->cls == SHM_BIG) {
		munmap(b, b->size);
		return;
	}
	assert(b->cls < SHM_NCLASSES && "shm_free: corrupt block");
	b->magic = 0;
	off = (size_t)((char *)b - (char *)shm_arena) + 1;
	ipc_mutex_lock(&shm_arena->lock);
	memcpy(b + 1, &shm_arena->free_off[b->cls], sizeof(size_t));
	shm_arena->free_off[b->cls] = off;
	shm_arena->used -= (size_t)1 << (b->cls + SHM_MIN_SHIFT);
	pthread_mutex_unlock(&shm_arena->lock);
}

/* Bytes handed out from the arena. */
size_t
shm_used(void)
{
	size_t n;

	shm_init();
	ipc_mutex_lock(&shm_arena->lock);
	n = shm_arena->used;
	pthread_mutex_unlock(&shm_arena->lock);
	return n;
}
