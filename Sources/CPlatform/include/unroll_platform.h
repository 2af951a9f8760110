#ifndef UNROLL_PLATFORM_H
#define UNROLL_PLATFORM_H

#include "unroll_signal_cleanup.h"

/// Asks the C allocator to keep freed blocks up to `keep_bytes` for reuse instead of returning them to the
/// kernel, so repeated trace-sized allocations do not page-fault every time. Does nothing off glibc.
void unroll_keep_freed_memory(int keep_bytes);

/* A non-blocking Unix stream socket listening at `path` (which must not exist). Returns the descriptor, or
 * -errno (-ENAMETOOLONG for a path that does not fit a socket address). */
int unroll_unix_listen(const char *path, int backlog);
/* A non-blocking, close-on-exec connection to the socket at `path`: the descriptor, or -errno. */
int unroll_unix_connect(const char *path);
/* Accepts one pending connection as non-blocking and close-on-exec: the descriptor, or -errno. */
int unroll_unix_accept(int listener);
/* Sends without blocking and without SIGPIPE: bytes sent, or -errno. */
long unroll_send(int fd, const void *bytes, unsigned long count);
/* Receives without blocking: bytes read (0 at end of stream), or -errno. */
long unroll_receive(int fd, void *buffer, unsigned long capacity);

#endif
