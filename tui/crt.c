#include "tui/crt.h"

#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* What a signal handler needs to put the terminal back with async-signal-safe
 * calls only (write and tcsetattr): the terminal modes from before curses
 * changed them, and the escape sequences that endwin() would send. */
typedef struct crt_restore {
    int fd;
    struct termios saved;
    char seq[256];
    size_t seqlen;
} crt_restore;

struct crt {
    SCREEN *screen;
    bool color, utf8;
    attr_t attrs[CRT_ROLE_COUNT];
    crt_restore restore;
    struct sigaction old[6];
};

/* The one piece of global mutable state in tui/: a signal handler receives
 * no argument, so it finds the terminal to restore through this pointer. It
 * is set while the screen is open and cleared before it closes. */
static crt_restore *volatile crt_active;

static const int crt_exit_signals[] = {SIGINT, SIGTERM, SIGHUP};
static const int crt_crash_signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE};

/* Colour roles by name, each with a colour pair and the attribute used on a
 * monochrome terminal or when colour is turned off. */
static const struct {
    const char *name;
    short fg, bg;
    attr_t color_attr, mono_attr;
} crt_roles[CRT_ROLE_COUNT] = {
    [CRT_NORMAL] = {"normal", -1, -1, A_NORMAL, A_NORMAL},
    [CRT_TITLE] = {"title", COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
    [CRT_STATUS] = {"status", COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
    [CRT_STATUS_KEY] = {"status-key", COLOR_BLUE, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD},
    [CRT_SELECTED] = {"selected", COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE},
    [CRT_HEADER] = {"header", COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [CRT_DIM] = {"dim", COLOR_WHITE, -1, A_DIM, A_DIM},
    [CRT_NARRATIVE] = {"narrative", -1, -1, A_NORMAL, A_NORMAL},
    [CRT_EXPLAIN] = {"explain", COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [CRT_NOTICE] = {"notice", COLOR_YELLOW, -1, A_NORMAL, A_BOLD},
    [CRT_PROMPT] = {"prompt", -1, -1, A_BOLD, A_BOLD},
    [CRT_ANSWER] = {"answer", COLOR_BLUE, -1, A_BOLD, A_BOLD},
    [CRT_CORRECT] = {"correct", COLOR_GREEN, -1, A_BOLD, A_BOLD},
    [CRT_PARTIAL] = {"partial", COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [CRT_WRONG] = {"wrong", COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [CRT_ANTIPATTERN] = {"antipattern", COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [CRT_CHART] = {"chart", COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    [CRT_ERROR] = {"error", COLOR_RED, -1, A_BOLD, A_BOLD},
};

const char *crt_role_name(crt_role role)
{
    return (unsigned)role < CRT_ROLE_COUNT ? crt_roles[role].name : "?";
}

static void crt_on_signal(int sig)
{
    crt_restore *r = crt_active;
    if (r) {
        ssize_t ignored = write(r->fd, r->seq, r->seqlen);
        (void)ignored;
        tcsetattr(r->fd, TCSAFLUSH, &r->saved);
    }
    for (size_t i = 0; i < sizeof crt_crash_signals / sizeof crt_crash_signals[0]; i++) {
        if (sig != crt_crash_signals[i]) continue;
        /* The handler was installed with SA_RESETHAND: raising again reaches
         * the default action, so the crash still dumps core and reports. */
        raise(sig);
        return;
    }
    _exit(128 + sig);
}

static void crt_add_seq(crt_restore *r, const char *cap)
{
    char *s = tigetstr(cap);
    if (!s || s == (char *)-1) return;
    size_t n = strlen(s);
    if (r->seqlen + n >= sizeof r->seq) return;
    memcpy(r->seq + r->seqlen, s, n);
    r->seqlen += n;
}

static void crt_install_signals(crt *c)
{
    size_t k = 0;
    for (size_t i = 0; i < sizeof crt_exit_signals / sizeof crt_exit_signals[0]; i++, k++) {
        struct sigaction sa = {.sa_handler = crt_on_signal};
        sigemptyset(&sa.sa_mask);
        sigaction(crt_exit_signals[i], &sa, &c->old[k]);
    }
    for (size_t i = 0; i < sizeof crt_crash_signals / sizeof crt_crash_signals[0]; i++, k++) {
        struct sigaction sa = {.sa_handler = crt_on_signal, .sa_flags = SA_RESETHAND | SA_NODEFER};
        sigemptyset(&sa.sa_mask);
        sigaction(crt_crash_signals[i], &sa, NULL);
    }
}

static void crt_restore_signals(crt *c)
{
    for (size_t i = 0; i < sizeof crt_exit_signals / sizeof crt_exit_signals[0]; i++)
        sigaction(crt_exit_signals[i], &c->old[i], NULL);
    for (size_t i = 0; i < sizeof crt_crash_signals / sizeof crt_crash_signals[0]; i++)
        signal(crt_crash_signals[i], SIG_DFL);
}

/* Checks the terminal description before curses takes the screen, so that a
 * missing or useless TERM gets a sentence rather than a curses abort. */
static bool crt_term_usable(char *why, size_t cap)
{
    const char *term = getenv("TERM");
    if (!term || !*term) {
        snprintf(why, cap,
                 "TERM is not set, so bdw cannot draw the terminal app. Set TERM "
                 "(e.g. TERM=xterm-256color), or use the commands: bdw play, bdw quiz, "
                 "bdw progress.");
        return false;
    }
    int err = 0;
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        snprintf(why, cap,
                 err == 0 ? "the terminal type '%s' is unknown (no terminfo entry), so bdw "
                            "cannot draw the terminal app; try TERM=xterm-256color, or use "
                            "bdw play / bdw quiz"
                          : "no terminfo database was found for TERM='%s'; install ncurses-base, "
                            "or use bdw play / bdw quiz",
                 term);
        return false;
    }
    char *cup = tigetstr("cup");
    bool ok = cup && cup != (char *)-1 && tigetflag("hc") <= 0;
    del_curterm(cur_term);
    if (!ok)
        snprintf(why, cap,
                 "the terminal type '%s' cannot move the cursor, so bdw cannot draw the "
                 "terminal app; use a full terminal, or the commands bdw play / bdw quiz",
                 term);
    return ok;
}

static void crt_setup_colors(crt *c, bool no_color)
{
    const char *env = getenv("NO_COLOR");
    /* NO_COLOR counts only when set to something (no-color.org). */
    c->color = !no_color && !(env && *env) && has_colors();
    if (c->color && start_color() != OK) c->color = false;
    if (c->color && use_default_colors() != OK) c->color = COLORS >= 8;
    for (int r = 0; r < CRT_ROLE_COUNT; r++) {
        if (!c->color) {
            c->attrs[r] = crt_roles[r].mono_attr;
            continue;
        }
        short fg = crt_roles[r].fg, bg = crt_roles[r].bg;
        if (r == CRT_NORMAL || (fg < 0 && bg < 0)) {
            c->attrs[r] = crt_roles[r].color_attr;
            continue;
        }
        init_pair((short)r, fg, bg);
        c->attrs[r] = COLOR_PAIR(r) | crt_roles[r].color_attr;
    }
}

crt *crt_open(bool no_color, char *why, size_t why_cap, int *exit_code)
{
    *exit_code = 0;
    if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
        snprintf(why, why_cap,
                 "the terminal app needs a terminal on standard input and output; for scripts "
                 "use bdw play, bdw quiz or bdw progress (see bdw --help)");
        *exit_code = EX_UNAVAILABLE;
        return NULL;
    }
    if (!crt_term_usable(why, why_cap)) {
        *exit_code = EX_UNAVAILABLE;
        return NULL;
    }
    crt *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(why, why_cap, "out of memory");
        *exit_code = EX_OSERR;
        return NULL;
    }
    c->restore.fd = STDOUT_FILENO;
    tcgetattr(STDOUT_FILENO, &c->restore.saved);
    const char *codeset = nl_langinfo(CODESET);
    c->utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
    c->screen = newterm(NULL, stdout, stdin);
    if (!c->screen) {
        snprintf(why, why_cap, "curses could not open the terminal '%s'", getenv("TERM"));
        *exit_code = EX_UNAVAILABLE;
        free(c);
        return NULL;
    }
    set_term(c->screen);
    crt_add_seq(&c->restore, "sgr0");
    crt_add_seq(&c->restore, "cnorm");
    crt_add_seq(&c->restore, "rmkx");
    crt_add_seq(&c->restore, "rmcup");
    crt_active = &c->restore;
    crt_install_signals(c);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    crt_setup_colors(c, no_color);
    return c;
}

void crt_close(crt *c)
{
    if (!c) return;
    endwin();
    crt_active = NULL;
    crt_restore_signals(c);
    delscreen(c->screen);
    free(c);
}

attr_t crt_attr(const crt *c, crt_role role)
{
    return (unsigned)role < CRT_ROLE_COUNT ? c->attrs[role] : A_NORMAL;
}

bool crt_has_color(const crt *c)
{
    return c->color;
}
bool crt_utf8(const crt *c)
{
    return c->utf8;
}

int crt_read_key_within(crt *c, int ms)
{
    (void)c;
    int64_t end = crt_clock_ms() + ms;
    /* ERR once the time has passed is the tick; ERR before it is a read
     * that a signal cut short (wait again for the rest) or, when it keeps
     * coming at once, a terminal that went away, as in crt_read_key. */
    for (int errors = 0; errors < 100; errors++) {
        int64_t left = end - crt_clock_ms();
        if (left <= 0) return CRT_KEY_TICK;
        wint_t ch = 0;
        timeout((int)left);
        int r = get_wch(&ch);
        timeout(-1);
        if (r == KEY_CODE_YES) return CRT_FN((int)ch);
        if (r == OK) return (int)ch;
    }
    return CRT_KEY_GONE;
}

int64_t crt_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int crt_read_key(crt *c)
{
    (void)c;
    for (int errors = 0; errors < 100; errors++) {
        wint_t ch = 0;
        int r = get_wch(&ch);
        if (r == KEY_CODE_YES) return CRT_FN((int)ch);
        if (r == OK) return (int)ch;
        /* ERR: an interrupted read (a signal that ncurses handled, such as
         * SIGCONT after Ctrl-Z). Ask again, but not forever: a terminal that
         * went away keeps failing, and then the person has left. */
    }
    return CRT_KEY_GONE;
}
