// Counts the heap allocations of the process it is linked into (an executable: its definitions of malloc and
// friends take the place of the C library's), so that a benchmark can print how many allocations a step makes.
#ifndef CMALLOC_COUNTER_H
#define CMALLOC_COUNTER_H

/// The number of allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) so far.
unsigned long vdp_allocation_count(void);

/// 1 where allocations are counted (Linux with glibc), 0 elsewhere (the count then stays 0).
int vdp_allocation_counting(void);

#endif
