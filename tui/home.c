/* The home screen: the packs and their scenarios, per pack a practice quiz,
 * its mock exams (one per blueprint) and a review of what is due,
 * the progress screen, and quit. Keys bind to actions in a table; an action
 * returns flags and only tui_home's loop redraws or quits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui_int.h"

typedef enum {
    ROW_PACK,
    ROW_SCENARIO,
    ROW_BROKEN,
    ROW_QUIZ,
    ROW_EXAM,
    ROW_REVIEW,
    ROW_PROGRESS,
    ROW_QUIT,
    ROW_GAP
} row_kind;

typedef struct home_row {
    row_kind kind;
    const pack *p;
    const pack_file *f;
    const pack_blueprint *bp; /* ROW_EXAM */
    scn_meta meta;
    char note[512];  /* a broken scenario's error */
    bool unfinished; /* an attempt is open: it can be resumed */
} home_row;

typedef struct home {
    tui *t;
    home_row *rows;
    size_t n;
    size_t cur;
    int top;
} home;

static bool home_selectable(const home_row *r)
{
    return r->kind != ROW_PACK && r->kind != ROW_GAP;
}

static home_row *home_push(home *h, row_kind kind, const pack *p)
{
    home_row *grown = realloc(h->rows, (h->n + 1) * sizeof *grown);
    if (!grown) return NULL;
    h->rows = grown;
    home_row *r = &h->rows[h->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->p = p;
    return r;
}

static bool home_open_seen(void *ud, const store_attempt *a)
{
    (void)ud;
    (void)a;
    return true;
}

/* Marks the scenarios that have an unfinished attempt. */
static void home_mark_unfinished(home *h)
{
    store *db = h->t->opts->db;
    for (size_t i = 0; db && i < h->n; i++) {
        home_row *r = &h->rows[i];
        if (r->kind != ROW_SCENARIO) continue;
        store_error err;
        r->unfinished = store_open_attempt(db, "scenario", r->p->id, r->meta.id, home_open_seen,
                                           NULL, &err) > 0;
    }
}

static void home_build(home *h)
{
    const pack_set *set = h->t->opts->packs;
    for (size_t i = 0; set && i < set->count; i++) {
        const pack *p = set->packs[i];
        home_push(h, ROW_PACK, p);
        for (size_t k = 0; k < p->nscenarios; k++) {
            home_row *r = home_push(h, ROW_SCENARIO, p);
            if (!r) break;
            r->f = &p->scenarios[k];
            lhost_error err;
            memset(&err, 0, sizeof err);
            if (!scn_read_meta(r->f->path, r->f->display, &r->meta, &err)) {
                r->kind = ROW_BROKEN;
                snprintf(r->meta.title, sizeof r->meta.title, "%s", r->f->stem);
                snprintf(r->note, sizeof r->note, "%s", err.message);
            }
        }
        if (p->nbanks) {
            home_push(h, ROW_QUIZ, p);
            for (size_t k = 0; k < p->more.nblueprints; k++) {
                home_row *r = home_push(h, ROW_EXAM, p);
                if (r) r->bp = &p->more.blueprints[k];
            }
            home_push(h, ROW_REVIEW, p);
        }
        home_push(h, ROW_GAP, NULL);
    }
    home_push(h, ROW_PROGRESS, NULL);
    home_push(h, ROW_QUIT, NULL);
    h->cur = 0;
    while (h->cur < h->n && !home_selectable(&h->rows[h->cur]))
        h->cur++;
    home_mark_unfinished(h);
}

/* The detail pane: what the selected row is about. */
static void home_detail(const home *h, int width, tui_lines *out)
{
    const home_row *r = &h->rows[h->cur];
    char line[1400];
    switch (r->kind) {
    case ROW_SCENARIO:
        text_wrap(out, r->meta.summary[0] ? r->meta.summary : r->meta.title, width, CRT_NORMAL, 0,
                  0);
        snprintf(line, sizeof line, "%s%s%s  %s", r->meta.domain, r->meta.topics[0] ? " / " : "",
                 r->meta.topics, r->unfinished ? "  (unfinished: Enter offers to resume)" : "");
        text_wrap(out, line, width, CRT_DIM, 0, 0);
        break;
    case ROW_BROKEN:
        text_wrap(out, r->note, width, CRT_ERROR, 0, 0);
        break;
    case ROW_QUIZ:
        snprintf(line, sizeof line,
                 "%d exam-style questions drawn from %s, with feedback after each answer.",
                 TUI_QUIZ_COUNT, r->p->title);
        text_wrap(out, line, width, CRT_NORMAL, 0, 0);
        break;
    case ROW_EXAM:
        if (r->bp->minutes > 0)
            snprintf(line, sizeof line,
                     "%d questions in %d minute%s, drawn by the blueprint's domains, as in the "
                     "exam: no feedback until the end, and what is not answered in time counts "
                     "as wrong.",
                     r->bp->count, r->bp->minutes, r->bp->minutes == 1 ? "" : "s");
        else
            snprintf(line, sizeof line,
                     "%d questions drawn by the blueprint's domains, untimed, no feedback until "
                     "the end.",
                     r->bp->count);
        text_wrap(out, line, width, CRT_NORMAL, 0, 0);
        break;
    case ROW_REVIEW:
        text_wrap(out,
                  "Spaced repetition: the questions you missed (and questions on the topics of "
                  "scenario steps you missed) when they are due again.",
                  width, CRT_NORMAL, 0, 0);
        break;
    case ROW_PROGRESS:
        text_wrap(out, "Every attempt you made, its score and answers, and totals per pack.", width,
                  CRT_NORMAL, 0, 0);
        break;
    case ROW_QUIT:
        text_wrap(out, "Leave bdw (q does it from anywhere here).", width, CRT_NORMAL, 0, 0);
        break;
    default:
        break;
    }
}

static void home_row_text(const home *h, const home_row *r, char *left, size_t lcap, char *right,
                          size_t rcap)
{
    bool u = crt_utf8(h->t->crt);
    right[0] = '\0';
    switch (r->kind) {
    case ROW_PACK:
        snprintf(left, lcap, "%s  (%s %s)", r->p->title, r->p->id, r->p->version);
        break;
    case ROW_SCENARIO: {
        snprintf(left, lcap, "  %s%s", r->meta.title, r->unfinished ? "  [unfinished]" : "");
        char stars[32] = "";
        int d = r->meta.difficulty < 0 ? 0 : r->meta.difficulty > 3 ? 3 : r->meta.difficulty;
        for (int i = 0; i < 3 && d; i++)
            strcat(stars, i < d ? (u ? "\u25cf" : "*") : (u ? "\u25cb" : "."));
        snprintf(right, rcap, "%d min  %s", r->meta.minutes, stars);
        break;
    }
    case ROW_BROKEN:
        snprintf(left, lcap, "  %s  (cannot be read)", r->meta.title);
        break;
    case ROW_QUIZ:
        snprintf(left, lcap, "  Quiz: %d practice questions", TUI_QUIZ_COUNT);
        break;
    case ROW_EXAM:
        snprintf(left, lcap, "  Mock exam: %s", r->bp->title);
        if (r->bp->minutes > 0)
            snprintf(right, rcap, "%d questions  %d min", r->bp->count, r->bp->minutes);
        else
            snprintf(right, rcap, "%d questions", r->bp->count);
        break;
    case ROW_REVIEW:
        snprintf(left, lcap, "  Review what is due");
        break;
    case ROW_PROGRESS:
        snprintf(left, lcap, "Progress");
        break;
    case ROW_QUIT:
        snprintf(left, lcap, "Quit");
        break;
    case ROW_GAP:
        left[0] = '\0';
        break;
    }
}

static int home_list_rows(void)
{
    int rows = LINES - 2;
    return LINES >= 14 ? rows - 5 : rows;
}

static void home_paint(void *ud)
{
    home *h = ud;
    const crt *c = h->t->crt;
    if (widget_too_small(c)) return;
    erase();
    widget_title(c, "bdw - Big Data Workbench", "?: keys  q: quit");
    static const tui_hint hints[] = {
        {"Up/Down", "choose"}, {"Enter", "open"}, {"p", "progress"}, {"?", "keys"}, {"q", "quit"}};
    widget_status(c, hints, sizeof hints / sizeof hints[0]);
    int rows = home_list_rows();
    if ((int)h->cur < h->top) h->top = (int)h->cur;
    if ((int)h->cur >= h->top + rows) h->top = (int)h->cur - rows + 1;
    /* Show the pack heading above the first scenario when scrolling up to it. */
    if (h->top == 1 && h->cur <= 1) h->top = 0;
    for (int i = 0; i < rows && h->top + i < (int)h->n; i++) {
        const home_row *r = &h->rows[h->top + i];
        char left[1024], right[128];
        home_row_text(h, r, left, sizeof left, right, sizeof right);
        bool sel = (size_t)(h->top + i) == h->cur;
        crt_role role = sel                     ? CRT_SELECTED
                        : r->kind == ROW_PACK   ? CRT_HEADER
                        : r->kind == ROW_BROKEN ? CRT_ERROR
                                                : CRT_NORMAL;
        int y = 1 + i;
        if (sel) text_fill(c, y, 0, COLS, CRT_SELECTED);
        int rw = right[0] ? text_width_utf8(right) : 0;
        int room = rw && COLS - 2 - rw - 2 >= 20 ? COLS - 2 - rw - 2 : COLS - 2;
        text_draw_utf8(c, y, 1, left, room, role);
        if (room < COLS - 2) text_draw_utf8(c, y, COLS - 1 - rw, right, rw, sel ? role : CRT_DIM);
    }
    if (LINES >= 14) {
        int y0 = LINES - 6;
        attr_t a = crt_attr(c, CRT_DIM);
        attron(a);
        mvhline(y0, 0, ACS_HLINE, COLS);
        attroff(a);
        tui_lines detail = {0};
        home_detail(h, COLS - 2, &detail);
        for (int i = 0; i < 4 && i < (int)detail.n; i++)
            text_draw_line(c, y0 + 1 + i, 1, COLS - 2, &detail.v[i]);
        text_lines_clear(&detail);
    }
}

typedef int (*home_action)(home *h);

static int home_move(home *h, int dir, int steps)
{
    size_t at = h->cur;
    for (int s = 0; s < steps; s++) {
        size_t k = at;
        bool found = false;
        for (;;) {
            if (dir < 0 ? k == 0 : k + 1 >= h->n) break;
            k = dir < 0 ? k - 1 : k + 1;
            if ((found = home_selectable(&h->rows[k]))) break;
        }
        if (!found) break;
        at = k;
    }
    h->cur = at;
    return TUI_REFRESH;
}

static int ha_up(home *h)
{
    return home_move(h, -1, 1);
}
static int ha_down(home *h)
{
    return home_move(h, 1, 1);
}
static int ha_page_up(home *h)
{
    return home_move(h, -1, home_list_rows() - 1);
}
static int ha_page_down(home *h)
{
    return home_move(h, 1, home_list_rows() - 1);
}
static int ha_first(home *h)
{
    return home_move(h, -1, (int)h->n);
}
static int ha_last(home *h)
{
    return home_move(h, 1, (int)h->n);
}
static int ha_quit(home *h)
{
    return (void)h, TUI_QUIT;
}
static int ha_refresh(home *h)
{
    return (void)h, TUI_REFRESH;
}

static int ha_progress(home *h)
{
    tui_progress(h->t);
    return TUI_REFRESH;
}

static int ha_open(home *h)
{
    home_row *r = &h->rows[h->cur];
    switch (r->kind) {
    case ROW_SCENARIO:
        tui_play(h->t, r->p, r->f, &r->meta);
        home_mark_unfinished(h);
        break;
    case ROW_BROKEN:
        widget_message(h->t->crt, home_paint, h, "This scenario cannot be read", r->note);
        break;
    case ROW_QUIZ:
        tui_quiz(h->t, r->p, QUIZ_PRACTICE, NULL);
        break;
    case ROW_EXAM:
        tui_quiz(h->t, r->p, QUIZ_EXAM, r->bp);
        break;
    case ROW_REVIEW:
        tui_quiz(h->t, r->p, QUIZ_REVIEW, NULL);
        break;
    case ROW_PROGRESS:
        tui_progress(h->t);
        break;
    case ROW_QUIT:
        return TUI_QUIT;
    default:
        break;
    }
    return TUI_REFRESH;
}

static int ha_help(home *h)
{
    static const tui_hint keys[] = {
        {"Up/Down j/k", "move"},
        {"PgUp/PgDn", "move a page"},
        {"Home/End g/G", "first / last"},
        {"Enter l", "open"},
        {"p", "progress"},
        {"q", "quit bdw"},
        {"", ""},
        {"In a scenario", ""},
        {"1-9 A-Z", "go to an option"},
        {"Space", "tick an option (several answers)"},
        {"Enter", "answer"},
        {"Ctrl-N", "new line in a text answer"},
        {"Ctrl-D F2", "finish a text answer"},
        {"PgUp/PgDn", "scroll back through the story"},
        {"q Esc", "leave (answers are kept)"},
    };
    widget_help(h->t->crt, home_paint, h, "Keys", keys, sizeof keys / sizeof keys[0]);
    return TUI_REFRESH;
}

static const struct {
    int key;
    home_action fn;
} home_keys[] = {
    {CRT_FN(KEY_UP), ha_up},
    {'k', ha_up},
    {CRT_FN(KEY_DOWN), ha_down},
    {'j', ha_down},
    {CRT_FN(KEY_PPAGE), ha_page_up},
    {CRT_FN(KEY_NPAGE), ha_page_down},
    {CRT_FN(KEY_HOME), ha_first},
    {'g', ha_first},
    {CRT_FN(KEY_END), ha_last},
    {'G', ha_last},
    {'\r', ha_open},
    {'\n', ha_open},
    {CRT_FN(KEY_ENTER), ha_open},
    {CRT_FN(KEY_RIGHT), ha_open},
    {'l', ha_open},
    {'p', ha_progress},
    {'?', ha_help},
    {CRT_FN(KEY_F(1)), ha_help},
    {'q', ha_quit},
    {CRT_KEY_GONE, ha_quit},
    {CRT_FN(KEY_RESIZE), ha_refresh},
};

int tui_home(tui *t)
{
    home h = {.t = t};
    home_build(&h);
    for (;;) {
        /* Dialogs opened from here (resume, errors) draw over the home screen. */
        t->paint = home_paint;
        t->paint_ud = &h;
        curs_set(0);
        home_paint(&h);
        refresh();
        int key = crt_read_key(t->crt);
        int flags = TUI_NONE;
        for (size_t i = 0; i < sizeof home_keys / sizeof home_keys[0]; i++)
            if (home_keys[i].key == key) flags = home_keys[i].fn(&h);
        if (flags & TUI_QUIT) break;
    }
    free(h.rows);
    return 0;
}
