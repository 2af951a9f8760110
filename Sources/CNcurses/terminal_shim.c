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
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static SCREEN *screen = NULL;
static volatile sig_atomic_t pending_signal = 0;
static volatile sig_atomic_t pending_suspend = 0;
static volatile sig_atomic_t curses_active = 0;
static int raw_keys = 0;
static int mouse_wanted = 0;
static int mouse_enabled = 0;

void unroll_term_set_raw(bool raw_mode) { raw_keys = raw_mode; }
void unroll_term_set_mouse(bool mouse) { mouse_wanted = mouse; }
bool unroll_mouse_enabled(void) { return mouse_enabled; }

/* The terminal's modes this program turns on (bracketed paste, mouse reports) and the bytes that turn them
 * off again, made once at start so that a crash handler only has to write them. */
static char modes_on[128], modes_off[128];
static size_t modes_on_length = 0, modes_off_length = 0;
static volatile sig_atomic_t modes_active = 0;
static char *collecting = NULL;
static size_t *collected = NULL;

static int collect(int c) {
    if (*collected + 1 < 128) collecting[(*collected)++] = (char)c;
    return c;
}

/* Appends a terminfo string, its padding worked out, to a modes buffer. */
static void add_mode(char *buffer, size_t *length, const char *capability) {
    if (capability == NULL || capability == (char *)-1) return;
    collecting = buffer;
    collected = length;
    tputs(capability, 1, collect);
}

/* Writes straight to the terminal, past curses' buffer and stdio's (async-signal-safe). */
static void write_all(const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(STDOUT_FILENO, bytes, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        bytes += n;
        length -= (size_t)n;
    }
}

static void set_modes(int on) {
    if (on == modes_active) return;
    modes_active = on;
    if (on) write_all(modes_on, modes_on_length); else write_all(modes_off, modes_off_length);
}

static void modes_off_at_exit(void) { set_modes(0); }
#define UNROLL_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define UNROLL_KEY_PASTE_END (KEY_MAX + 2)

void unroll_set_locale(void) { setlocale(LC_ALL, ""); }

bool unroll_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static void chain_resize_signal(void);

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
    chain_resize_signal();
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
    modes_on_length = modes_off_length = 0;
    add_mode(modes_on, &modes_on_length, tigetstr("BE"));
    add_mode(modes_off, &modes_off_length, tigetstr("BD"));
    /* Mouse reports reach KeySequenceFilter as bytes, to be decoded whole there: curses would otherwise
     * take their introducer (kmous) as KEY_MOUSE and hand on the rest, digits and all, as keys. Where the
     * terminal describes a mouse, buttons and the wheel are reported (1000), in the SGR form (1006). */
    const char *mouse = tigetstr("kmous");
    int has_mouse = mouse != NULL && mouse != (char *)-1 && mouse[0] != 0;
    if (has_mouse) define_key(mouse, 0);
    mouse_enabled = mouse_wanted && has_mouse;
    if (mouse_enabled) {
        add_mode(modes_on, &modes_on_length, "\033[?1000h\033[?1006h");
        add_mode(modes_off, &modes_off_length, "\033[?1006l\033[?1000l");
    }
    /* Nothing goes to an output that is not a terminal. */
    if (!isatty(STDOUT_FILENO)) modes_on_length = modes_off_length = 0;
    static int exit_hook = 0;
    if (!exit_hook) exit_hook = atexit(modes_off_at_exit) == 0;
    set_modes(1);
    return 0;
}

int unroll_key_paste_begin(void) { return UNROLL_KEY_PASTE_BEGIN; }
int unroll_key_paste_end(void) { return UNROLL_KEY_PASTE_END; }

void unroll_discard_input(void) { flushinp(); }

void unroll_term_stop(void) {
    if (!curses_active) return;
    curses_active = 0;
    set_modes(0);
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
    /* Bytes, not characters: get_wch returns ERR for ever after one invalid UTF-8 byte (it puts the byte
     * back and fails on it again), and an X10 mouse report's coordinates are raw bytes. */
    int ch = getch();
    if (ch == ERR) return -1;
    if (ch >= KEY_MIN) return ch + 0x110000; /* keep curses key codes apart from bytes */
    return ch & 0xFF;
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

/* A signal also writes a byte here, which the loop's poll watches: a flag alone is missed when the signal
 * comes between the loop's last look at it and poll, and poll then waits for a key that may never come. */
static int wake_pipe[2] = { -1, -1 };

static void wake_up(void) {
    if (wake_pipe[1] < 0) return;
    int saved = errno;
    char byte = 1;
    if (write(wake_pipe[1], &byte, 1) < 0) { /* full: a wake-up is already waiting */ }
    errno = saved;
}

int unroll_wake_fd(void) { return wake_pipe[0]; }

void unroll_drain_wake(void) {
    char bytes[64];
    if (wake_pipe[0] >= 0) while (read(wake_pipe[0], bytes, sizeof bytes) > 0) {}
}

static void on_quit_signal(int sig) { pending_signal = sig; wake_up(); }

static void on_suspend_signal(int sig) { (void)sig; pending_suspend = 1; wake_up(); }

/* Curses' own SIGWINCH handler only sets a flag that the next read turns into KEY_RESIZE; a resize that
 * comes between the loop's last read and poll would wait for a key. Ours calls it and wakes poll too. */
static struct sigaction curses_resize;

static void on_resize_signal(int sig) {
    if (curses_resize.sa_flags & SA_SIGINFO) {
        if (curses_resize.sa_sigaction != NULL) curses_resize.sa_sigaction(sig, NULL, NULL);
    } else if (curses_resize.sa_handler != SIG_DFL && curses_resize.sa_handler != SIG_IGN) {
        curses_resize.sa_handler(sig);
    }
    wake_up();
}

static void chain_resize_signal(void) {
    struct sigaction current;
    if (sigaction(SIGWINCH, NULL, &current) != 0 || current.sa_handler == on_resize_signal) return;
    curses_resize = current;
    struct sigaction resize;
    memset(&resize, 0, sizeof resize);
    resize.sa_handler = on_resize_signal;
    sigemptyset(&resize.sa_mask);
    resize.sa_flags = 0;
    sigaction(SIGWINCH, &resize, NULL);
}

static void on_crash(int sig) {
    /* Put the terminal back so the user is not left in raw mode on the alternate screen, with the mouse
     * reporting into the shell. */
    set_modes(0);
    if (curses_active) endwin();
    curses_active = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_suspend_handler(void) {
    struct sigaction suspend;
    memset(&suspend, 0, sizeof suspend);
    suspend.sa_handler = on_suspend_signal;
    sigemptyset(&suspend.sa_mask);
    suspend.sa_flags = 0; /* a blocking poll returns, and the loop suspends in its own time */
    sigaction(SIGTSTP, &suspend, NULL);
}

int unroll_suspend_if_asked(void) {
    if (!pending_suspend) return 0;
    pending_suspend = 0;
    if (!curses_active) return 0;
    /* The shell gets its terminal back as it was: modes off, curses' own modes undone. */
    set_modes(0);
    endwin();
    struct sigaction stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, NULL);
    sigset_t tstp;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &tstp, NULL);
    raise(SIGTSTP);
    /* Stopped until SIGCONT (fg). */
    install_suspend_handler();
    refresh(); /* back in curses' modes */
    set_modes(1);
    return 1;
}

void unroll_install_signal_handlers(void) {
    if (wake_pipe[0] < 0) {
        if (pipe(wake_pipe) == 0) {
            for (int k = 0; k < 2; k++) {
                fcntl(wake_pipe[k], F_SETFL, fcntl(wake_pipe[k], F_GETFL) | O_NONBLOCK);
                fcntl(wake_pipe[k], F_SETFD, FD_CLOEXEC);
            }
        } else {
            wake_pipe[0] = wake_pipe[1] = -1;
        }
    }
    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = on_quit_signal;
    sigemptyset(&quit.sa_mask);
    quit.sa_flags = 0; /* no SA_RESTART: a blocking read returns and the loop sees the flag */
    sigaction(SIGTERM, &quit, NULL);
    sigaction(SIGINT, &quit, NULL);
    sigaction(SIGHUP, &quit, NULL);

    /* Ctrl-Z: our own handler rather than curses' (which it installs only where the disposition is still
     * the default), so the mouse and paste modes go off while the shell has the terminal. A shell without
     * job control leaves it ignored, and so do we. */
    struct sigaction old;
    if (sigaction(SIGTSTP, NULL, &old) == 0 && old.sa_handler == SIG_DFL) install_suspend_handler();

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_handler = on_crash;
    sigemptyset(&crash.sa_mask);
    crash.sa_flags = SA_RESETHAND;
    /* Ctrl-\ (SIGQUIT) too: it dumps core as ever, but leaves the terminal as it found it. */
    int fatal[] = { SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGQUIT };
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaction(fatal[i], &crash, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* A parent may hand us these blocked (a thread pool's mask survives fork and exec); blocked, a hang-up
     * would never reach us and the process would outlive its terminal. */
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    sigaddset(&handled, SIGTSTP);
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&handled, fatal[i]);
    sigprocmask(SIG_UNBLOCK, &handled, NULL);
}

int unroll_pending_signal(void) { return pending_signal; }
