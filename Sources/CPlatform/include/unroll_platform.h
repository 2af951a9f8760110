#ifndef UNROLL_PLATFORM_H
#define UNROLL_PLATFORM_H

/// Asks the C allocator to keep freed blocks up to `keep_bytes` for reuse instead of returning them to the
/// kernel, so repeated trace-sized allocations do not page-fault every time. Does nothing off glibc.
void unroll_keep_freed_memory(int keep_bytes);

#endif
