#include "unroll_signal_cleanup.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Written before the handlers are installed and only read by them. */
static char removal_path[4096];

static void remove_and_die(int signal_number) {
    unlink(removal_path); /* async-signal-safe; a missing file is fine */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    raise(signal_number);
}

int unroll_remove_on_signal(const char *path) {
    size_t length = strlen(path);
    if (length >= sizeof removal_path) return -1;
    /* Block the signals while the path changes, so a handler never sees half of it. */
    sigset_t signals, previous;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    sigprocmask(SIG_BLOCK, &signals, &previous);
    memcpy(removal_path, path, length + 1);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_and_die;
    action.sa_mask = signals;
    int numbers[] = {SIGINT, SIGTERM, SIGHUP};
    for (int k = 0; k < 3; k++) {
        struct sigaction old;
        if (sigaction(numbers[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(numbers[k], &action, NULL);
    }
    /* Unblocked as well: a parent that handed them over blocked would otherwise make them wait forever. */
    sigprocmask(SIG_SETMASK, &previous, NULL);
    sigprocmask(SIG_UNBLOCK, &signals, NULL);
    return 0;
}
