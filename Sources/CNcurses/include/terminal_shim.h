#ifndef UNROLL_TERMINAL_SHIM_H
#define UNROLL_TERMINAL_SHIM_H

#include <stdbool.h>
#include <stdint.h>

/* Starts curses on the controlling terminal with newterm (which, unlike initscr, returns an error instead
 * of exiting on an unknown TERM). Returns 0 on success, 1 for an unknown TERM, 2 for a terminal that cannot
 * place the cursor (TERM=dumb). */
int unroll_term_start(void);
/* Before unroll_term_start: raw mode, where Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S arrive as keys instead of
 * signals and flow control (for the kiosk, where nothing may suspend or kill the program). */
void unroll_term_set_raw(bool raw_mode);
/* Before unroll_term_start: whether to ask a terminal that describes a mouse (terminfo kmous) for mouse
 * reports (buttons and wheel, SGR 1006 form). Stray reports are decoded, not taken for keys, either way. */
void unroll_term_set_mouse(bool mouse);
/* Whether mouse reports were asked for. */
bool unroll_mouse_enabled(void);
/* Restores the terminal (the modes it turned on off again). Safe to call twice and on a dead tty. */
void unroll_term_stop(void);

int unroll_term_lines(void);
int unroll_term_cols(void);
bool unroll_term_has_colors(void);
int unroll_term_color_count(void);
/* Whether the current locale's codeset is UTF-8 (after setlocale(LC_ALL, "")). */
bool unroll_locale_is_utf8(void);
void unroll_set_locale(void);

/* Input: a byte (0-255) or a curses KEY_* code plus 0x110000, -1 on timeout or error. */
int unroll_get_key(int timeout_ms);
int unroll_key_resize(void);
/* The key codes of the bracketed-paste markers (offset like other curses codes by unroll_get_key). */
int unroll_key_paste_begin(void);
int unroll_key_paste_end(void);
/* Throws away typed-ahead input (a flood of keys). */
void unroll_discard_input(void);
/* Whether standard input's terminal has hung up (the classic orphan-spinning bug otherwise). */
bool unroll_input_hung_up(void);

/* Output. */
void unroll_erase(void);
void unroll_clear(void);
void unroll_refresh(void);
void unroll_put(int y, int x, const char *utf8, int color_pair, bool bold, bool reverse, bool dim, bool underline);
void unroll_init_pair(int pair, int fg, int bg);

/* Signals: TERM, INT and HUP set a flag (no SA_RESTART, so a blocking read wakes up); a crash restores the
 * terminal before the default action runs. */
void unroll_install_signal_handlers(void);
/* The signal that arrived, or 0. */
int unroll_pending_signal(void);
/* A descriptor that becomes readable when a handled signal arrives (for poll; -1 if there is none), and
 * the call that empties it again. */
int unroll_wake_fd(void);
void unroll_drain_wake(void);
/* After SIGTSTP (Ctrl-Z): gives the terminal back, stops, and takes it again on SIGCONT; returns 1 when it
 * did (the screen must be drawn afresh), 0 when no suspension was asked for. */
int unroll_suspend_if_asked(void);

#endif
