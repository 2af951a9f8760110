import CPlatform

/// Lets the allocator keep freed trace-sized blocks for reuse. By default glibc maps blocks over 128 KiB
/// fresh and unmaps them on free, so every unroll of a long sequence pays a page fault per 4 KiB of trace.
enum MemoryTuning {
    static func keepFreedMemory() { unroll_keep_freed_memory(128 << 20) }
}
