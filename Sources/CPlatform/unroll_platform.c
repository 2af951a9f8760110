#include "unroll_platform.h"

#include <stdlib.h> /* defines __GLIBC__ on glibc */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void unroll_keep_freed_memory(int keep_bytes) {
#if defined(__GLIBC__)
    /* glibc refuses an mmap threshold above 32 MiB on 64-bit systems. */
    int mmap_threshold = keep_bytes < (32 << 20) ? keep_bytes : (32 << 20);
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, keep_bytes);
#else
    (void)keep_bytes;
#endif
}
