#ifndef TUI_FE_INT_H
#define TUI_FE_INT_H

/* Shared between the parts of the curses front end (frontend.c: the
 * transcript, menus, pause, feedback, debrief; editor.c: the line editor). */

#include "tui/frontend.h"
#include "tui/text.h"
#include "tui/widgets.h"

typedef enum { FE_BLK_WRAP, FE_BLK_LINES, FE_BLK_CHART } fe_block_kind;

/* One thing said or shown, kept as given and wrapped at each draw so that a
 * resize re-flows the whole transcript. */
typedef struct fe_block {
    fe_block_kind kind;
    crt_role role;
    int indent, hang;
    bool gap; /* a blank line before it */
    char *text;
    tui_lines lines; /* FE_BLK_LINES: prepared lines (tables) */
    double *points;  /* FE_BLK_CHART */
    size_t npoints;
    char *unit;
} fe_block;

/* The question at the bottom of the screen: it lays itself out for a width
 * and says which of its lines must stay in view and where the cursor is. */
typedef struct fe_bottom {
    void (*build)(void *ud, int width, tui_lines *out, int *focus, int *cur_y, int *cur_x);
    void *ud;
} fe_bottom;

struct tui_fe {
    crt *crt;
    char title[256];
    char what[32];
    fe_block *blocks;
    size_t nblocks, cap;
    tui_lines view; /* the wrapped transcript, cached for view_width */
    int view_width;
    size_t view_blocks;
    int back;    /* rows scrolled back from the newest line */
    bool unseen; /* lines added since the learner last had to press a key */
    fe_bottom bottom;
    const tui_hint *hints;
    size_t nhints;
    bool hint_available; /* the current question has a hint (offer_hint) */
    double hint_cost;
    int64_t deadline; /* crt_clock_ms() when a timed exam ends; 0: untimed */
};

/* F3 or Ctrl-T asks for the current question's hint. */
#define FE_HINT_KEY_CTRL CRT_CTRL('t')

/* What fe_read_key returns once a timed exam's time is up. */
#define FE_KEY_TIME_UP CRT_FN(KEY_MAX + 2)

/* Reads a key for the current question. With a deadline it redraws the
 * countdown each time the seconds shown change, and returns FE_KEY_TIME_UP
 * once the time is up. */
int fe_read_key(tui_fe *f);

/* Appends a block of wrapped text. */
void fe_add(tui_fe *f, crt_role role, const char *text, int indent, int hang, bool gap);
/* Draws the transcript, the bottom question and the bars (a tui_paint_fn). */
void fe_paint(void *ud);
/* Keys every question shares (scrolling, resize, help, a lost terminal);
 * returns action flags, or -1 when the key is not one of them. */
int fe_common_key(tui_fe *f, int key);
/* Asks "leave?"; true when the learner confirms. */
bool fe_confirm_leave(tui_fe *f);

fe_status fe_input(void *ud, const char *prompt, const char *hint, char *buf, size_t cap);

#endif
