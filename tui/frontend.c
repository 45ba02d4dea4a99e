#include "tui/fe_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/view.h"

tui_fe *tui_fe_new(crt *c, const char *title, const char *what)
{
    tui_fe *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->crt = c;
    snprintf(f->title, sizeof f->title, "%s", title ? title : "");
    snprintf(f->what, sizeof f->what, "%s", what ? what : "scenario");
    f->view_width = -1;
    return f;
}

void tui_fe_free(tui_fe *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->nblocks; i++) {
        free(f->blocks[i].text);
        free(f->blocks[i].points);
        free(f->blocks[i].unit);
        text_lines_clear(&f->blocks[i].lines);
    }
    free(f->blocks);
    text_lines_clear(&f->view);
    free(f);
}

static fe_block *fe_new_block(tui_fe *f, fe_block_kind kind, crt_role role, bool gap)
{
    if (f->nblocks == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        fe_block *grown = realloc(f->blocks, cap * sizeof *grown);
        if (!grown) return NULL;
        f->blocks = grown;
        f->cap = cap;
    }
    fe_block *b = &f->blocks[f->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->role = role;
    b->gap = gap && f->nblocks > 1;
    f->back = 0;      /* something new: show the newest lines */
    f->unseen = true; /* and let it be read before the debrief replaces the screen */
    return b;
}

void fe_add(tui_fe *f, crt_role role, const char *text, int indent, int hang, bool gap)
{
    fe_block *b = fe_new_block(f, FE_BLK_WRAP, role, gap);
    if (!b) return;
    b->text = strdup(text ? text : "");
    b->indent = indent;
    b->hang = hang;
}

void tui_fe_note(tui_fe *f, crt_role role, const char *text)
{
    fe_add(f, role, text, 0, 2, true);
}

void tui_fe_set_deadline(tui_fe *f, int64_t ms)
{
    f->deadline = ms > 0 ? crt_clock_ms() + ms : 0;
}

/* "Time left 1:39:59" or "Time left 4:05": whole seconds, rounded up. */
static void fe_time_left(const tui_fe *f, char *buf, size_t cap)
{
    int64_t left = f->deadline - crt_clock_ms();
    long s = left > 0 ? (long)((left + 999) / 1000) : 0;
    if (s >= 3600)
        snprintf(buf, cap, "Time left %ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, cap, "Time left %ld:%02ld", s / 60, s % 60);
}

int fe_read_key(tui_fe *f)
{
    if (!f->deadline) return crt_read_key(f->crt);
    for (;;) {
        int64_t left = f->deadline - crt_clock_ms();
        if (left <= 0) return FE_KEY_TIME_UP;
        /* Wake when the whole seconds shown change. */
        int wait = (int)(left % 1000);
        int key = crt_read_key_within(f->crt, wait ? wait : 1000);
        if (key != CRT_KEY_TICK) return key;
        fe_paint(f);
        refresh();
    }
}

/* Re-wraps the transcript when the width or the number of blocks changed. */
static void fe_layout(tui_fe *f, int width)
{
    if (width == f->view_width && f->nblocks == f->view_blocks) return;
    text_lines_clear(&f->view);
    for (size_t i = 0; i < f->nblocks; i++) {
        const fe_block *b = &f->blocks[i];
        if (b->gap) text_add_blank(&f->view);
        if (b->kind == FE_BLK_WRAP) {
            text_wrap(&f->view, b->text, width, b->role, b->indent, b->hang);
        } else if (b->kind == FE_BLK_LINES) {
            for (size_t k = 0; k < b->lines.n; k++)
                text_add_w(&f->view, b->lines.v[k].text, wcslen(b->lines.v[k].text),
                           b->lines.v[k].role, b->lines.v[k].indent);
        } else {
            view_chart(&f->view, b->points, b->npoints, b->unit, width, crt_utf8(f->crt));
        }
    }
    f->view_width = width;
    f->view_blocks = f->nblocks;
}

void fe_paint(void *ud)
{
    tui_fe *f = ud;
    if (widget_too_small(f->crt)) return;
    erase();
    int width = COLS - 2, rows = LINES - 2;
    char right[64] = "F1: keys";
    if (f->deadline) {
        char left[32];
        fe_time_left(f, left, sizeof left);
        snprintf(right, sizeof right, "%s   F1: keys", left);
    }
    widget_title(f->crt, f->title, right);
    widget_status(f->crt, f->hints, f->nhints);
    tui_lines bottom = {0};
    int focus = 0, cy = -1, cx = 0;
    if (f->bottom.build) f->bottom.build(f->bottom.ud, width, &bottom, &focus, &cy, &cx);
    int reserve = rows >= 9 ? 3 : rows / 3;
    int bh = (int)bottom.n < rows - reserve ? (int)bottom.n : rows - reserve;
    if (bh < 1 && bottom.n) bh = rows > 0 ? 1 : 0;
    int btop = focus >= bh ? focus - bh + 1 : 0;
    int trows = rows - bh;
    fe_layout(f, width);
    int max_back = (int)f->view.n - trows;
    if (f->back > max_back) f->back = max_back;
    if (f->back < 0) f->back = 0;
    int start = (int)f->view.n - trows - f->back;
    if (start < 0) start = 0;
    for (int i = 0; i < trows && start + i < (int)f->view.n; i++)
        text_draw_line(f->crt, 1 + i, 1, width, &f->view.v[start + i]);
    for (int i = 0; i < bh && btop + i < (int)bottom.n; i++) {
        const tui_line *l = &bottom.v[btop + i];
        if (l->role == CRT_SELECTED) text_fill(f->crt, 1 + trows + i, 0, COLS, CRT_SELECTED);
        text_draw_line(f->crt, 1 + trows + i, 1, width, l);
    }
    if (cy >= btop && cy < btop + bh && 1 + cx < COLS) {
        move(1 + trows + cy - btop, 1 + cx);
        curs_set(1);
    } else {
        curs_set(0);
    }
    text_lines_clear(&bottom);
}

bool fe_confirm_leave(tui_fe *f)
{
    char text[160];
    snprintf(text, sizeof text, "Leave the %s? Your answers are kept.", f->what);
    curs_set(0);
    return widget_confirm(f->crt, fe_paint, f, "Leave?", text);
}

int fe_common_key(tui_fe *f, int key)
{
    int page = LINES > 6 ? LINES / 2 : 1;
    switch (key) {
    case CRT_FN(KEY_RESIZE):
        return TUI_REFRESH;
    case CRT_FN(KEY_PPAGE):
        f->back += page;
        return TUI_REFRESH;
    case CRT_FN(KEY_NPAGE):
        f->back -= page;
        return TUI_REFRESH;
    case CRT_KEY_GONE:
        return TUI_QUIT;
    case CRT_FN(KEY_F(1)):
        curs_set(0);
        widget_help(f->crt, fe_paint, f, "Keys", f->hints, f->nhints);
        return TUI_REFRESH;
    default:
        return -1;
    }
}

/* ---- say, show, feedback ---- */

static void fe_say(void *ud, fe_say_style style, const char *text)
{
    tui_fe *f = ud;
    if (style == FE_SAY_EXPLAIN)
        fe_add(f, CRT_EXPLAIN, text, 2, 0, true);
    else if (style == FE_SAY_NOTICE)
        fe_add(f, CRT_NOTICE, text, 0, 0, true);
    else if (style == FE_SAY_HINT) {
        char line[2048];
        snprintf(line, sizeof line, "Hint: %s", text);
        fe_add(f, CRT_EXPLAIN, line, 2, 8, true);
    } else
        fe_add(f, CRT_NARRATIVE, text, 0, 0, true);
}

/* One wrapped paragraph per event: a bullet, the time label padded to the
 * widest, then the text, whose later lines hang under its first. */
static void fe_timeline(tui_fe *f, const fe_view *v, bool gap)
{
    int w = 0;
    for (size_t i = 0; i < v->nevents; i++) {
        int lw = text_width_utf8(v->event_when[i]);
        if (lw > w) w = lw;
    }
    for (size_t i = 0; i < v->nevents; i++) {
        char line[2048];
        snprintf(line, sizeof line, "%s %-*s  %s", crt_utf8(f->crt) ? "\u25cf" : "*", w,
                 v->event_when[i], v->event_text[i]);
        fe_add(f, CRT_NORMAL, line, 2, w + 4, gap && i == 0);
    }
}

static void fe_show(void *ud, const fe_view *v)
{
    tui_fe *f = ud;
    if (v->title) fe_add(f, CRT_HEADER, v->title, 0, 0, true);
    if (v->text) fe_add(f, CRT_NORMAL, v->text, 2, 2, !v->title);
    if (v->rows && v->cols && v->cells) {
        fe_block *b = fe_new_block(f, FE_BLK_LINES, CRT_NORMAL, !v->title && !v->text);
        if (b) view_table(&b->lines, v, crt_utf8(f->crt));
    }
    if (v->npoints && v->points) {
        fe_block *b = fe_new_block(f, FE_BLK_CHART, CRT_CHART, false);
        if (!b) return;
        b->points = malloc(v->npoints * sizeof *b->points);
        if (b->points) {
            memcpy(b->points, v->points, v->npoints * sizeof *b->points);
            b->npoints = v->npoints;
        }
        b->unit = v->unit ? strdup(v->unit) : NULL;
    }
    if (v->nevents) fe_timeline(f, v, !v->title && !v->text && !v->rows && !v->npoints);
}

static void fe_add_antipatterns(tui_fe *f, const fe_antipattern *a, size_t n)
{
    bool u = crt_utf8(f->crt);
    for (size_t i = 0; i < n; i++) {
        char line[1024];
        snprintf(line, sizeof line, "%s Anti-pattern: %s", u ? "\u26a0" : "!", a[i].title);
        fe_add(f, CRT_ANTIPATTERN, line, 2, 4, false);
        if (a[i].why) {
            snprintf(line, sizeof line, "why: %s", a[i].why);
            fe_add(f, CRT_NORMAL, line, 4, 5, false);
        }
        if (a[i].instead) {
            snprintf(line, sizeof line, "instead: %s", a[i].instead);
            fe_add(f, CRT_EXPLAIN, line, 4, 9, false);
        }
    }
}

static void tfe_feedback(void *ud, const fe_feedback *fb)
{
    tui_fe *f = ud;
    bool u = crt_utf8(f->crt);
    char line[256];
    crt_role role = CRT_NOTICE;
    switch (fb->verdict) {
    case FE_CORRECT:
        snprintf(line, sizeof line, "%s Correct  %g/%g", u ? "\u2713" : "+", fb->points,
                 fb->max_points);
        role = CRT_CORRECT;
        break;
    case FE_PARTIAL:
        snprintf(line, sizeof line, "%s Partly right  %g/%g", u ? "\u00bd" : "~", fb->points,
                 fb->max_points);
        role = CRT_PARTIAL;
        break;
    case FE_WRONG:
        snprintf(line, sizeof line, "%s Not right  %g/%g", u ? "\u2717" : "x", fb->points,
                 fb->max_points);
        role = CRT_WRONG;
        break;
    case FE_UNSCORED:
        line[0] = '\0';
        break;
    }
    if (line[0]) fe_add(f, role, line, 2, 2, false);
    if (fb->explanation && fb->explanation[0]) fe_add(f, CRT_EXPLAIN, fb->explanation, 2, 2, false);
    fe_add_antipatterns(f, fb->antipatterns, fb->nantipatterns);
}

/* ---- choose ---- */

typedef struct chooser {
    tui_fe *f;
    const char *const *options;
    size_t n;
    bool multi;
    bool *picked;
    size_t cur;
    const char *msg;
} chooser;

/* The key that picks option i: 1-9, then A-Z by position. */
static char choose_label(size_t i)
{
    return i < 9 ? (char)('1' + i) : (char)('A' + i);
}

static void choose_build(void *ud, int width, tui_lines *out, int *focus, int *cy, int *cx)
{
    chooser *ch = ud;
    (void)cy;
    (void)cx;
    for (size_t i = 0; i < ch->n; i++) {
        char line[2048];
        snprintf(line, sizeof line, "%s%c) %s", ch->multi ? (ch->picked[i] ? "[x] " : "[ ] ") : "",
                 choose_label(i), ch->options[i]);
        text_wrap(out, line, width, i == ch->cur ? CRT_SELECTED : CRT_NORMAL, 1, ch->multi ? 7 : 3);
        if (i == ch->cur) *focus = (int)out->n - 1;
    }
    if (ch->msg) text_wrap(out, ch->msg, width, CRT_NOTICE, 1, 0);
}

typedef int (*choose_action)(chooser *ch);
static int ch_up(chooser *ch)
{
    return ch->cur = ch->cur ? ch->cur - 1 : ch->n - 1, TUI_REFRESH;
}
static int ch_down(chooser *ch)
{
    return ch->cur = (ch->cur + 1) % ch->n, TUI_REFRESH;
}
static int ch_first(chooser *ch)
{
    return ch->cur = 0, TUI_REFRESH;
}
static int ch_last(chooser *ch)
{
    return ch->cur = ch->n - 1, TUI_REFRESH;
}

static int ch_toggle(chooser *ch)
{
    if (ch->multi) ch->picked[ch->cur] = !ch->picked[ch->cur];
    return TUI_REFRESH;
}

static int ch_submit(chooser *ch)
{
    if (!ch->multi) {
        for (size_t i = 0; i < ch->n; i++)
            ch->picked[i] = i == ch->cur;
        return TUI_DONE;
    }
    for (size_t i = 0; i < ch->n; i++)
        if (ch->picked[i]) return TUI_DONE;
    ch->msg = "Pick at least one with Space (or its number), then Enter.";
    return TUI_REFRESH;
}

static int ch_leave(chooser *ch)
{
    return fe_confirm_leave(ch->f) ? TUI_QUIT : TUI_REFRESH;
}

static const tui_hint choose_hints[] = {
    {"Up/Down j/k", "move"}, {"1-9 A-Z", "go to option"},          {"Space", "tick (several)"},
    {"Enter", "answer"},     {"PgUp/PgDn", "scroll the story"},    {"q Esc", "leave"},
    {"F1 ?", "keys"},        {"F3 Ctrl-T", "hint (costs points)"},
};

static int ch_hint(chooser *ch)
{
    (void)ch;
    return TUI_HINT;
}

static int ch_help(chooser *ch)
{
    widget_help(ch->f->crt, fe_paint, ch->f, "Keys", choose_hints,
                sizeof choose_hints / sizeof choose_hints[0]);
    return TUI_REFRESH;
}

static const struct {
    int key;
    choose_action fn;
} choose_keys[] = {
    {CRT_FN(KEY_UP), ch_up},
    {'k', ch_up},
    {CRT_FN(KEY_DOWN), ch_down},
    {'j', ch_down},
    {CRT_FN(KEY_HOME), ch_first},
    {CRT_FN(KEY_END), ch_last},
    {' ', ch_toggle},
    {'\r', ch_submit},
    {'\n', ch_submit},
    {CRT_FN(KEY_ENTER), ch_submit},
    {'q', ch_leave},
    {CRT_ESC, ch_leave},
    {'?', ch_help},
    {CRT_FN(KEY_F(3)), ch_hint},
    {FE_HINT_KEY_CTRL, ch_hint},
};

/* Digits and letters go to an option (and tick it in a multi-choice). */
static int ch_pick_key(chooser *ch, int key)
{
    size_t i;
    if (key >= '1' && key <= '9')
        i = (size_t)(key - '1');
    else if (key >= 'A' && key <= 'Z')
        i = (size_t)(key - 'A');
    else if (key >= 'a' && key <= 'z')
        i = (size_t)(key - 'a');
    else
        return TUI_NONE;
    if (i >= ch->n) return TUI_NONE;
    ch->cur = i;
    if (ch->multi) ch->picked[i] = !ch->picked[i];
    return TUI_REFRESH;
}

static fe_status fe_choose(void *ud, const char *prompt, const char *const *options, size_t n,
                           bool multi, bool *picked)
{
    tui_fe *f = ud;
    if (n == 0) return FE_BAD;
    fe_add(f, CRT_PROMPT, prompt, 0, 2, true);
    if (multi) fe_add(f, CRT_DIM, "(one or more)", 2, 0, false);
    for (size_t i = 0; i < n; i++)
        picked[i] = false;
    chooser ch = {.f = f, .options = options, .n = n, .multi = multi, .picked = picked};
    f->bottom = (fe_bottom){choose_build, &ch};
    f->hints = choose_hints;
    f->nhints = sizeof choose_hints / sizeof choose_hints[0];
    f->unseen = false;
    fe_status st = FE_OK;
    for (;;) {
        fe_paint(f);
        refresh();
        int key = fe_read_key(f);
        if (key == FE_KEY_TIME_UP) {
            st = FE_TIMEOUT;
            break;
        }
        int flags = fe_common_key(f, key);
        for (size_t i = 0; flags < 0 && i < sizeof choose_keys / sizeof choose_keys[0]; i++)
            if (choose_keys[i].key == key) flags = choose_keys[i].fn(&ch);
        if (flags < 0) flags = ch_pick_key(&ch, key);
        if (flags & TUI_QUIT) {
            st = FE_QUIT;
            break;
        }
        if (flags & TUI_HINT) {
            st = FE_HINT;
            break;
        }
        if (flags & TUI_DONE) break;
    }
    f->bottom = (fe_bottom){0};
    if (st == FE_OK) {
        char echo[4096];
        size_t used = 0;
        echo[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (!picked[i]) continue;
            int w = snprintf(echo + used, sizeof echo - used, "%s%c) %s", used ? "; " : "> ",
                             choose_label(i), options[i]);
            if (w < 0 || (size_t)w >= sizeof echo - used) break;
            used += (size_t)w;
        }
        fe_add(f, CRT_ANSWER, echo, 2, 5, false);
    }
    return st;
}

/* ---- pause and debrief ---- */

typedef struct pauser {
    const char *text;
} pauser;

static void pause_build(void *ud, int width, tui_lines *out, int *focus, int *cy, int *cx)
{
    pauser *p = ud;
    (void)cy;
    (void)cx;
    text_wrap(out, p->text, width, CRT_PROMPT, 1, 1);
    *focus = (int)out->n - 1;
}

static const tui_hint pause_hints[] = {
    {"any key", "go on"},
    {"PgUp/PgDn", "scroll the story"},
    {"q Esc", "leave"},
    {"F1", "keys"},
};

static fe_status fe_pause_with(tui_fe *f, const char *text, bool may_leave)
{
    pauser p = {text};
    f->bottom = (fe_bottom){pause_build, &p};
    f->hints = pause_hints;
    f->nhints = may_leave ? 4 : 2;
    f->unseen = false;
    fe_status st = FE_OK;
    for (;;) {
        fe_paint(f);
        refresh();
        int key = fe_read_key(f);
        if (key == FE_KEY_TIME_UP) {
            st = FE_TIMEOUT;
            break;
        }
        int flags = fe_common_key(f, key);
        if (key == CRT_KEY_GONE) {
            st = FE_QUIT;
            break;
        }
        if (flags >= 0) continue;
        if (may_leave && (key == 'q' || key == CRT_ESC)) {
            if (!fe_confirm_leave(f)) continue;
            st = FE_QUIT;
        }
        break;
    }
    f->bottom = (fe_bottom){0};
    return st;
}

static fe_status fe_pause(void *ud, const char *text)
{
    return fe_pause_with(ud, text && *text ? text : "Press any key to go on.", true);
}

typedef struct debrief_view {
    const fe_debrief *d;
    bool utf8;
    bool resumable; /* scenarios resume from the home screen; quizzes start afresh */
} debrief_view;

static void debrief_build(void *ud, int width, tui_lines *out)
{
    const debrief_view *dv = ud;
    const fe_debrief *d = dv->d;
    char line[1024];
    snprintf(line, sizeof line, "Debrief: %s", d->title ? d->title : "");
    text_wrap(out, line, width, CRT_HEADER, 0, 2);
    text_add_blank(out);
    double ratio = d->max_score > 0 ? d->score / d->max_score : 1;
    snprintf(line, sizeof line, "Score: %g/%g (%.0f%%)", d->score, d->max_score, ratio * 100);
    text_wrap(out, line, width,
              ratio >= 0.999 ? CRT_CORRECT
              : ratio >= 0.5 ? CRT_PARTIAL
                             : CRT_WRONG,
              0, 2);
    if (!d->completed)
        text_wrap(out,
                  dv->resumable ? "You left before the end. Your answers are kept: open it again "
                                  "from the home screen to resume where you left off."
                                : "You left before the end. Your answers so far are kept.",
                  width, CRT_NOTICE, 0, 0);
    text_add_blank(out);
    if (!d->nantipatterns) {
        text_wrap(out, "No anti-patterns hit.", width, CRT_CORRECT, 0, 0);
    } else {
        text_wrap(out, "Anti-patterns you hit:", width, CRT_NORMAL, 0, 0);
        for (size_t i = 0; i < d->nantipatterns; i++) {
            const fe_antipattern *a = &d->antipatterns[i];
            snprintf(line, sizeof line, "%s %s", dv->utf8 ? "\u26a0" : "!", a->title);
            text_add_blank(out);
            text_wrap(out, line, width, CRT_ANTIPATTERN, 2, 2);
            if (a->why) {
                snprintf(line, sizeof line, "why: %s", a->why);
                text_wrap(out, line, width, CRT_NORMAL, 4, 5);
            }
            if (a->instead) {
                snprintf(line, sizeof line, "instead: %s", a->instead);
                text_wrap(out, line, width, CRT_EXPLAIN, 4, 9);
            }
        }
    }
    text_add_blank(out);
    text_wrap(out, "Press Enter to go back.", width, CRT_DIM, 0, 0);
}

static void tfe_debrief(void *ud, const fe_debrief *d)
{
    tui_fe *f = ud;
    f->deadline = 0; /* the exam is over */
    /* Let the last feedback be read before the screen changes. */
    if (f->unseen && d->completed)
        fe_pause_with(f, "Finished. Press any key for the debrief.", false);
    static const tui_hint hints[] = {{"Enter q", "back"}, {"Up/Down", "scroll"}, {"?", "keys"}};
    debrief_view dv = {d, crt_utf8(f->crt), strcmp(f->what, "scenario") == 0};
    curs_set(0);
    widget_pager(f->crt, "Debrief", debrief_build, &dv, hints, sizeof hints / sizeof hints[0]);
}

static void tfe_offer_hint(void *ud, bool available, double cost)
{
    tui_fe *f = ud;
    f->hint_available = available;
    f->hint_cost = cost;
    if (available) {
        char line[96];
        snprintf(line, sizeof line, "A hint is available: F3 or Ctrl-T (costs %g point%s).", cost,
                 cost == 1 ? "" : "s");
        fe_add(f, CRT_DIM, line, 2, 2, false);
    }
}

frontend tui_fe_frontend(tui_fe *f)
{
    return (frontend){
        .ud = f,
        .strict = false,
        .say = fe_say,
        .choose = fe_choose,
        .input = fe_input,
        .show = fe_show,
        .pause = fe_pause,
        .feedback = tfe_feedback,
        .debrief = tfe_debrief,
        .offer_hint = tfe_offer_hint,
    };
}
