#include "tui/widgets.h"

#include <stdio.h>
#include <string.h>

bool widget_too_small(const crt *c)
{
    if (LINES >= TUI_MIN_LINES && COLS >= TUI_MIN_COLS) return false;
    erase();
    text_draw_utf8(c, 0, 0, "window too small", COLS, CRT_NOTICE);
    if (LINES > 1) text_draw_utf8(c, 1, 0, "(q quits)", COLS, CRT_DIM);
    return true;
}

void widget_title(const crt *c, const char *left, const char *right)
{
    text_fill(c, 0, 0, COLS, CRT_TITLE);
    int rw = right ? text_width_utf8(right) : 0;
    int used = text_draw_utf8(c, 0, 1, left, COLS - 2, CRT_TITLE);
    if (right && 1 + used + 2 + rw < COLS)
        text_draw_utf8(c, 0, COLS - rw - 1, right, rw, CRT_TITLE);
}

void widget_status(const crt *c, const tui_hint *hints, size_t n)
{
    int y = LINES - 1;
    text_fill(c, y, 0, COLS, CRT_STATUS);
    int x = 0;
    for (size_t i = 0; i < n && x < COLS; i++) {
        int need = text_width_utf8(hints[i].key) + 1 + text_width_utf8(hints[i].label) + 2;
        /* Show whole hints only: a half hint reads as a different key. */
        if (x + need > COLS && i > 0) break;
        x += text_draw_utf8(c, y, x, hints[i].key, COLS - x, CRT_STATUS_KEY);
        x += text_draw_utf8(c, y, x, " ", COLS - x, CRT_STATUS);
        x += text_draw_utf8(c, y, x, hints[i].label, COLS - x, CRT_STATUS);
        x += 2;
    }
}

/* Draws a framed box in the middle of the screen with lines inside. */
static void widget_box(const crt *c, const char *title, const tui_lines *lines, const char *foot)
{
    int bw = COLS - 2 < 64 ? COLS - 2 : 64;
    if (bw < 4) bw = COLS;
    int bh = (int)lines->n + 4;
    if (bh > LINES) bh = LINES;
    int y0 = (LINES - bh) / 2, x0 = (COLS - bw) / 2;
    attr_t frame = crt_attr(c, CRT_HEADER);
    for (int y = 0; y < bh; y++)
        text_fill(c, y0 + y, x0, bw, CRT_NORMAL);
    if (bh >= 2 && bw >= 2) {
        attron(frame);
        mvhline(y0, x0 + 1, ACS_HLINE, bw - 2);
        mvhline(y0 + bh - 1, x0 + 1, ACS_HLINE, bw - 2);
        mvvline(y0 + 1, x0, ACS_VLINE, bh - 2);
        mvvline(y0 + 1, x0 + bw - 1, ACS_VLINE, bh - 2);
        mvaddch(y0, x0, ACS_ULCORNER);
        mvaddch(y0, x0 + bw - 1, ACS_URCORNER);
        mvaddch(y0 + bh - 1, x0, ACS_LLCORNER);
        mvaddch(y0 + bh - 1, x0 + bw - 1, ACS_LRCORNER);
        attroff(frame);
    }
    if (title) text_draw_utf8(c, y0, x0 + 2, title, bw - 4, CRT_HEADER);
    for (int i = 0; i < (int)lines->n && 1 + i < bh - 2; i++)
        text_draw_line(c, y0 + 1 + i, x0 + 2, bw - 4, &lines->v[i]);
    if (foot && bh >= 3) text_draw_utf8(c, y0 + bh - 2, x0 + 2, foot, bw - 4, CRT_DIM);
}

int widget_ask(crt *c, tui_paint_fn paint, void *ud, const char *title, const char *text,
               const char *foot, const char *accept)
{
    for (;;) {
        if (paint) paint(ud);
        if (!widget_too_small(c)) {
            int inner = (COLS - 2 < 64 ? COLS - 2 : 64) - 4;
            tui_lines lines = {0};
            text_wrap(&lines, text, inner > 1 ? inner : 1, CRT_NORMAL, 0, 0);
            widget_box(c, title, &lines, foot);
            text_lines_clear(&lines);
        }
        refresh();
        int k = crt_read_key(c);
        if (k == CRT_FN(KEY_RESIZE)) continue;
        if (k == CRT_KEY_GONE) return k;
        if (!accept) return k;
        if (k > 0 && k < 128 && strchr(accept, k)) return k;
        if (k == CRT_FN(KEY_ENTER)) return '\r';
    }
}

bool widget_confirm(crt *c, tui_paint_fn paint, void *ud, const char *title, const char *text)
{
    char accept[] = {'y', 'Y', 'n', 'N', '\r', '\n', CRT_ESC, 'q', '\0'};
    int k = widget_ask(c, paint, ud, title, text, "y: yes   n/Esc: no", accept);
    return k == 'y' || k == 'Y' || k == '\r' || k == '\n';
}

void widget_message(crt *c, tui_paint_fn paint, void *ud, const char *title, const char *text)
{
    widget_ask(c, paint, ud, title, text, "any key: close", NULL);
}

void widget_help(crt *c, tui_paint_fn paint, void *ud, const char *title, const tui_hint *keys,
                 size_t n)
{
    char text[4096];
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(text + used, sizeof text - used, "%-12s %s\n", keys[i].key, keys[i].label);
        if (w < 0 || (size_t)w >= sizeof text - used) break;
        used += (size_t)w;
    }
    if (used) text[used - 1] = '\0';
    widget_message(c, paint, ud, title, text);
}

typedef struct pager {
    crt *c;
    const char *title;
    tui_build_fn build;
    void *ud;
    const tui_hint *hints;
    size_t nhints;
    tui_lines lines;
    int top;
    int built_width;
} pager;

static int pager_rows(void)
{
    return LINES - 2 > 0 ? LINES - 2 : 0;
}

static void pager_paint(void *ud)
{
    pager *p = ud;
    if (widget_too_small(p->c)) return;
    if (p->built_width != COLS) {
        text_lines_clear(&p->lines);
        p->build(p->ud, COLS - 2, &p->lines);
        p->built_width = COLS;
    }
    int rows = pager_rows();
    int max_top = (int)p->lines.n - rows;
    if (p->top > max_top) p->top = max_top;
    if (p->top < 0) p->top = 0;
    erase();
    char where[64] = "";
    if ((int)p->lines.n > rows)
        snprintf(where, sizeof where, "%d-%d of %zu", p->top + 1,
                 p->top + rows < (int)p->lines.n ? p->top + rows : (int)p->lines.n, p->lines.n);
    widget_title(p->c, p->title, where);
    for (int i = 0; i < rows && p->top + i < (int)p->lines.n; i++)
        text_draw_line(p->c, 1 + i, 1, COLS - 2, &p->lines.v[p->top + i]);
    widget_status(p->c, p->hints, p->nhints);
}

typedef int (*pager_action)(pager *p);
static int pg_up(pager *p)
{
    return p->top--, TUI_REFRESH;
}
static int pg_down(pager *p)
{
    return p->top++, TUI_REFRESH;
}
static int pg_page_up(pager *p)
{
    return p->top -= pager_rows() - 1, TUI_REFRESH;
}
static int pg_page_down(pager *p)
{
    return p->top += pager_rows() - 1, TUI_REFRESH;
}
static int pg_first(pager *p)
{
    return p->top = 0, TUI_REFRESH;
}
static int pg_last(pager *p)
{
    return p->top = (int)p->lines.n, TUI_REFRESH;
}
static int pg_close(pager *p)
{
    return (void)p, TUI_QUIT;
}
static int pg_refresh(pager *p)
{
    return (void)p, TUI_REFRESH;
}
static int pg_help(pager *p);

static const struct {
    int key;
    pager_action fn;
} pager_keys[] = {
    {CRT_FN(KEY_UP), pg_up},
    {'k', pg_up},
    {CRT_FN(KEY_DOWN), pg_down},
    {'j', pg_down},
    {CRT_FN(KEY_PPAGE), pg_page_up},
    {'b', pg_page_up},
    {CRT_FN(KEY_NPAGE), pg_page_down},
    {' ', pg_page_down},
    {CRT_FN(KEY_HOME), pg_first},
    {'g', pg_first},
    {CRT_FN(KEY_END), pg_last},
    {'G', pg_last},
    {'q', pg_close},
    {CRT_ESC, pg_close},
    {'\r', pg_close},
    {'\n', pg_close},
    {CRT_FN(KEY_ENTER), pg_close},
    {CRT_FN(KEY_LEFT), pg_close},
    {'h', pg_close},
    {CRT_FN(KEY_BACKSPACE), pg_close},
    {CRT_KEY_GONE, pg_close},
    {CRT_FN(KEY_RESIZE), pg_refresh},
    {'?', pg_help},
};

static int pg_help(pager *p)
{
    static const tui_hint keys[] = {
        {"Up/Down j/k", "scroll a line"},
        {"PgUp/PgDn", "scroll a page (b / Space too)"},
        {"Home/End", "top / bottom (g / G)"},
        {"Enter q Esc", "close"},
    };
    widget_help(p->c, pager_paint, p, "Keys", keys, sizeof keys / sizeof keys[0]);
    return TUI_REFRESH;
}

int widget_pager(crt *c, const char *title, tui_build_fn build, void *ud, const tui_hint *hints,
                 size_t nhints)
{
    pager p = {.c = c,
               .title = title,
               .build = build,
               .ud = ud,
               .hints = hints,
               .nhints = nhints,
               .built_width = -1};
    int key = 0;
    for (;;) {
        pager_paint(&p);
        refresh();
        key = crt_read_key(c);
        int flags = TUI_NONE;
        for (size_t i = 0; i < sizeof pager_keys / sizeof pager_keys[0]; i++)
            if (pager_keys[i].key == key) flags = pager_keys[i].fn(&p);
        if (flags & TUI_QUIT) break;
    }
    text_lines_clear(&p.lines);
    return key;
}
