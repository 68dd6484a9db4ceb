// Counting allocator front: every allocation call is counted, then served by the C library's own allocator
// (glibc's __libc_* entry points). Linked into benchmark executables only.
#include "CMallocCounter.h"

#include <stdatomic.h>
#include <stddef.h>

#if defined(__GLIBC__) || (defined(__linux__) && !defined(__APPLE__))
#include <features.h>
#endif

#if defined(__GLIBC__)

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static atomic_ulong allocations;

unsigned long vdp_allocation_count(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }

int vdp_allocation_counting(void) { return 1; }

static void count(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t size) {
    count();
    return __libc_malloc(size);
}

void *calloc(size_t number, size_t size) {
    count();
    return __libc_calloc(number, size);
}

void *realloc(void *pointer, size_t size) {
    count();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    count();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) {
        return 12;  // ENOMEM
    }
    *result = pointer;
    return 0;
}

#else

// Not glibc: the C library's allocator is not replaced, and nothing is counted.
unsigned long vdp_allocation_count(void) { return 0; }

int vdp_allocation_counting(void) { return 0; }

#endif
