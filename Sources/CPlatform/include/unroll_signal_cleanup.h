#ifndef UNROLL_SIGNAL_CLEANUP_H
#define UNROLL_SIGNAL_CLEANUP_H

/* Removes the file at `path` when SIGINT, SIGTERM or SIGHUP ends the process, then dies of the signal as it
 * would have: for a command that writes a temporary file and renames it into place, so an interrupted write
 * leaves nothing behind. A signal the process was started ignoring (nohup, a background job) stays ignored;
 * one the parent left blocked is unblocked. The path is copied; a later call replaces it. Returns 0, or -1
 * when the path is too long. */
int unroll_remove_on_signal(const char *path);

#endif
