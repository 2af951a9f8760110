#define _GNU_SOURCE 1 /* accept4 */
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

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int make_address(const char *path, struct sockaddr_un *address) {
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address->sun_path) return -ENAMETOOLONG;
    strcpy(address->sun_path, path);
    return 0;
}

int unroll_unix_listen(const char *path, int backlog) {
    struct sockaddr_un address;
    int bad = make_address(path, &address);
    if (bad) return bad;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0 || listen(fd, backlog) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int unroll_unix_connect(const char *path) {
    struct sockaddr_un address;
    int bad = make_address(path, &address);
    if (bad) return bad;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

int unroll_unix_accept(int listener) {
    int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return -errno;
    /* A bounded kernel buffer per follower: a stuck one shows up as stuck soon, and fifty cost little. */
    int size = 128 << 10;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    return fd;
}

long unroll_send(int fd, const void *bytes, unsigned long count) {
    ssize_t n = send(fd, bytes, count, MSG_NOSIGNAL | MSG_DONTWAIT);
    return n < 0 ? -errno : (long)n;
}

long unroll_receive(int fd, void *buffer, unsigned long capacity) {
    ssize_t n = recv(fd, buffer, capacity, MSG_DONTWAIT);
    return n < 0 ? -errno : (long)n;
}
