#ifndef TUI_CRT_H
#define TUI_CRT_H

/* The one module that owns curses (after htop's CRT.c): it opens and closes
 * the terminal, names the colour roles (with a monochrome fallback and
 * NO_COLOR honoured), reads keys, and installs the signal handlers that put
 * the terminal back however the program ends. Other tui/ files draw on
 * stdscr with the attributes crt_attr() gives them. */

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    CRT_NORMAL,
    CRT_TITLE,      /* the top bar */
    CRT_STATUS,     /* the bottom bar of key hints */
    CRT_STATUS_KEY, /* a key name inside the bottom bar */
    CRT_SELECTED,   /* the row under the cursor */
    CRT_HEADER,     /* a pack heading, a table header */
    CRT_DIM,        /* secondary text: minutes, difficulty, dates */
    CRT_NARRATIVE,  /* what a scenario says */
    CRT_EXPLAIN,    /* teaching text */
    CRT_NOTICE,     /* short notes from the program */
    CRT_PROMPT,     /* a question */
    CRT_ANSWER,     /* the learner's own answer, echoed */
    CRT_CORRECT,
    CRT_PARTIAL,
    CRT_WRONG,
    CRT_ANTIPATTERN,
    CRT_CHART,
    CRT_ERROR,
    CRT_ROLE_COUNT
} crt_role;

typedef struct crt crt;

/* Function keys come back as CRT_FN(KEY_...), so that they never collide
 * with a character's code point. */
#define CRT_FN(k) (0x110000 + (k))
#define CRT_CTRL(c) ((c)&0x1f)
#define CRT_ESC 27
/* The terminal stopped answering (closed input): leave as if asked to. */
#define CRT_KEY_GONE CRT_FN(KEY_EXIT)
/* No key came in the time given to crt_read_key_within. */
#define CRT_KEY_TICK CRT_FN(KEY_MAX + 1)

/* Opens the terminal for the whole screen. On failure returns NULL, writes
 * a sentence for the person into why and a sysexits code into *exit_code;
 * the terminal is left as it was. */
crt *crt_open(bool no_color, char *why, size_t why_cap, int *exit_code);
/* Restores the terminal and frees everything; NULL is fine. */
void crt_close(crt *c);

attr_t crt_attr(const crt *c, crt_role role);
const char *crt_role_name(crt_role role);
bool crt_has_color(const crt *c);
/* True when the locale encodes UTF-8, so box and block characters show. */
bool crt_utf8(const crt *c);

/* Waits for one key: a code point, or CRT_FN(KEY_RESIZE) and friends. */
int crt_read_key(crt *c);
/* The same, waiting at most ms milliseconds: CRT_KEY_TICK when none came. */
int crt_read_key_within(crt *c, int ms);
/* Milliseconds on a clock that only moves forward (for countdowns). */
int64_t crt_clock_ms(void);

#endif
