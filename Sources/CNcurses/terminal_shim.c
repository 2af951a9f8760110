#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#define _DEFAULT_SOURCE 1
#include "terminal_shim.h"

#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static SCREEN *screen = NULL;
static volatile sig_atomic_t pending_signal = 0;
static volatile sig_atomic_t curses_active = 0;
static int paste_enabled = 0;
static int raw_keys = 0;

void unroll_term_set_raw(bool raw_mode) { raw_keys = raw_mode; }
#define UNROLL_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define UNROLL_KEY_PASTE_END (KEY_MAX + 2)

void unroll_set_locale(void) { setlocale(LC_ALL, ""); }

bool unroll_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int unroll_term_start(void) {
    screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return 1;
    set_term(screen);
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) {
        endwin();
        delscreen(screen);
        screen = NULL;
        return 2;
    }
    curses_active = 1;
    if (raw_keys) raw(); else cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    /* Terminals (and SSH clients) that ignore keypad-transmit mode send the normal-mode cursor sequences;
     * accept both forms, and the common Home/End variants. */
    static const struct { const char *seq; int key; } extra[] = {
        { "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
        { "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
        { "\033[H", KEY_HOME }, { "\033[F", KEY_END }, { "\033OH", KEY_HOME }, { "\033OF", KEY_END },
        { "\033[1~", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
        { "\033[Z", KEY_BTAB },
    };
    for (unsigned i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        if (key_defined(extra[i].seq) == 0) define_key(extra[i].seq, extra[i].key);
    }
    /* Bracketed paste, where the terminal describes it: a paste arrives between two markers and is dropped
     * whole, so pasted text never turns into keystrokes. */
    define_key("\033[200~", UNROLL_KEY_PASTE_BEGIN);
    define_key("\033[201~", UNROLL_KEY_PASTE_END);
    const char *enable = tigetstr("BE");
    if (enable != NULL && enable != (char *)-1) {
        putp(enable);
        paste_enabled = 1;
    }
    return 0;
}

int unroll_key_paste_begin(void) { return UNROLL_KEY_PASTE_BEGIN; }
int unroll_key_paste_end(void) { return UNROLL_KEY_PASTE_END; }

void unroll_discard_input(void) { flushinp(); }

void unroll_term_stop(void) {
    if (!curses_active) return;
    curses_active = 0;
    if (paste_enabled) {
        const char *disable = tigetstr("BD");
        if (disable != NULL && disable != (char *)-1) putp(disable);
        paste_enabled = 0;
    }
    curs_set(1);
    endwin();
}

int unroll_term_lines(void) { return LINES; }
int unroll_term_cols(void) { return COLS; }
bool unroll_term_has_colors(void) { return has_colors(); }
int unroll_term_color_count(void) { return has_colors() ? COLORS : 0; }
int unroll_key_resize(void) { return KEY_RESIZE; }

int unroll_get_key(int timeout_ms) {
    timeout(timeout_ms);
    wint_t ch = 0;
    int kind = get_wch(&ch);
    if (kind == ERR) return -1;
    if (kind == KEY_CODE_YES) return (int)ch + 0x110000; /* keep curses key codes apart from characters */
    return (int)ch;
}

bool unroll_input_hung_up(void) {
    struct pollfd p = { .fd = 0, .events = POLLIN, .revents = 0 };
    if (poll(&p, 1, 0) < 0) return false;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

void unroll_erase(void) { erase(); }
void unroll_clear(void) { clear(); }
void unroll_refresh(void) { refresh(); }

void unroll_put(int y, int x, const char *utf8, int color_pair, bool bold, bool reverse, bool dim, bool underline) {
    attr_t attrs = A_NORMAL;
    if (bold) attrs |= A_BOLD;
    if (reverse) attrs |= A_REVERSE;
    if (dim) attrs |= A_DIM;
    if (underline) attrs |= A_UNDERLINE;
    attr_set(attrs, (short)color_pair, NULL);
    mvaddstr(y, x, utf8);
}

void unroll_init_pair(int pair, int fg, int bg) { init_pair((short)pair, (short)fg, (short)bg); }

static void on_quit_signal(int sig) { pending_signal = sig; }

static void on_crash(int sig) {
    /* Put the terminal back so the user is not left in raw mode on the alternate screen. */
    if (curses_active) endwin();
    curses_active = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

void unroll_install_signal_handlers(void) {
    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = on_quit_signal;
    sigemptyset(&quit.sa_mask);
    quit.sa_flags = 0; /* no SA_RESTART: a blocking read returns and the loop sees the flag */
    sigaction(SIGTERM, &quit, NULL);
    sigaction(SIGINT, &quit, NULL);
    sigaction(SIGHUP, &quit, NULL);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_handler = on_crash;
    sigemptyset(&crash.sa_mask);
    crash.sa_flags = SA_RESETHAND;
    int fatal[] = { SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaction(fatal[i], &crash, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* A parent may hand us these blocked (a thread pool's mask survives fork and exec); blocked, a hang-up
     * would never reach us and the process would outlive its terminal. */
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&handled, fatal[i]);
    sigprocmask(SIG_UNBLOCK, &handled, NULL);
}

int unroll_pending_signal(void) { return pending_signal; }
