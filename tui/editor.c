/* The line editor behind input(): one line by default, several when asked
 * (Ctrl-N), or while brackets are open, so a pasted JSON policy arrives
 * whole; Ctrl-D or F2 always finishes. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/fe_int.h"

typedef struct editor {
    tui_fe *f;
    const char *hint;
    wchar_t *text;
    size_t len, cap; /* in wide characters */
    size_t cur;
    size_t bytes, max_bytes; /* the answer's size in the locale's encoding */
    const char *msg;
} editor;

static size_t ed_char_bytes(wchar_t c)
{
    char tmp[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = wcrtomb(tmp, c, &st);
    return k == (size_t)-1 ? 1 : k;
}

static void ed_build(void *ud, int width, tui_lines *out, int *focus, int *cy, int *cx)
{
    editor *e = ud;
    char head[300];
    snprintf(head, sizeof head, "Your answer%s%s%s:", e->hint ? " (" : "", e->hint ? e->hint : "",
             e->hint ? ")" : "");
    text_wrap(out, head, width, CRT_DIM, 1, 1);
    int avail = width - 3;
    if (avail < 1) avail = 1;
    size_t start = 0;
    int col = 0;
    for (size_t i = 0; i <= e->len; i++) {
        if (i == e->cur) {
            *cy = (int)out->n;
            *cx = 3 + col;
        }
        if (i == e->len) break;
        wchar_t c = e->text[i];
        int w = c == L'\n' ? 0 : text_char_width(c);
        if (c == L'\n' || col + w > avail) {
            text_add_w(out, e->text + start, i - start, CRT_ANSWER, 3);
            start = c == L'\n' ? i + 1 : i;
            col = 0;
            if (c == L'\n') continue;
            if (i == e->cur) {
                *cy = (int)out->n;
                *cx = 3;
            }
        }
        col += w;
    }
    text_add_w(out, e->text + start, e->len - start, CRT_ANSWER, 3);
    /* Keep the cursor's line in view when the answer is taller than the room. */
    *focus = *cy >= 0 ? *cy : (int)out->n - 1;
    if (e->msg) text_wrap(out, e->msg, width, CRT_NOTICE, 1, 0);
}

/* Brackets still open, outside JSON-style strings: Enter then continues
 * the text instead of finishing it. A rule about text, not about any answer. */
static int ed_depth(const editor *e)
{
    int depth = 0;
    bool in_str = false, esc = false;
    for (size_t i = 0; i < e->len; i++) {
        wchar_t c = e->text[i];
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == L'\\')
                esc = true;
            else if (c == L'"')
                in_str = false;
        } else if (c == L'"') {
            in_str = true;
        } else if (c == L'{' || c == L'[') {
            depth++;
        } else if ((c == L'}' || c == L']') && depth > 0) {
            depth--;
        }
    }
    return depth;
}

static bool ed_insert(editor *e, wchar_t c)
{
    size_t b = ed_char_bytes(c);
    if (e->bytes + b >= e->max_bytes) {
        e->msg = "The answer is as long as it can be.";
        beep();
        return false;
    }
    if (e->len + 1 >= e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        wchar_t *grown = realloc(e->text, cap * sizeof *grown);
        if (!grown) return false;
        e->text = grown;
        e->cap = cap;
    }
    memmove(e->text + e->cur + 1, e->text + e->cur, (e->len - e->cur) * sizeof *e->text);
    e->text[e->cur++] = c;
    e->len++;
    e->bytes += b;
    return true;
}

static void ed_delete(editor *e, size_t at, size_t n)
{
    if (at + n > e->len) n = e->len - at;
    for (size_t i = 0; i < n; i++)
        e->bytes -= ed_char_bytes(e->text[at + i]);
    memmove(e->text + at, e->text + at + n, (e->len - at - n) * sizeof *e->text);
    e->len -= n;
    if (e->cur > at + n)
        e->cur -= n;
    else if (e->cur > at)
        e->cur = at;
}

static size_t ed_line_start(const editor *e)
{
    size_t i = e->cur;
    while (i > 0 && e->text[i - 1] != L'\n')
        i--;
    return i;
}

static size_t ed_line_end(const editor *e)
{
    size_t i = e->cur;
    while (i < e->len && e->text[i] != L'\n')
        i++;
    return i;
}

typedef int (*ed_action)(editor *e);
static int ed_left(editor *e)
{
    return e->cur -= e->cur > 0, TUI_REFRESH;
}
static int ed_right(editor *e)
{
    return e->cur += e->cur < e->len, TUI_REFRESH;
}
static int ed_home(editor *e)
{
    return e->cur = ed_line_start(e), TUI_REFRESH;
}
static int ed_end(editor *e)
{
    return e->cur = ed_line_end(e), TUI_REFRESH;
}
static int ed_newline(editor *e)
{
    return ed_insert(e, L'\n'), TUI_REFRESH;
}
static int ed_finish(editor *e)
{
    return (void)e, TUI_DONE;
}
static int ed_leave(editor *e)
{
    return fe_confirm_leave(e->f) ? TUI_QUIT : TUI_REFRESH;
}

static int ed_enter(editor *e)
{
    return ed_depth(e) > 0 ? ed_newline(e) : TUI_DONE;
}

static int ed_backspace(editor *e)
{
    if (e->cur > 0) ed_delete(e, e->cur - 1, 1);
    return TUI_REFRESH;
}

static int ed_del(editor *e)
{
    if (e->cur < e->len) ed_delete(e, e->cur, 1);
    return TUI_REFRESH;
}

static int ed_kill_start(editor *e)
{
    size_t s = ed_line_start(e);
    ed_delete(e, s, e->cur - s);
    return TUI_REFRESH;
}

static int ed_kill_end(editor *e)
{
    ed_delete(e, e->cur, ed_line_end(e) - e->cur);
    return TUI_REFRESH;
}

static int ed_hint(editor *e)
{
    (void)e;
    return TUI_HINT;
}

static const tui_hint editor_hints[] = {
    {"Enter", "answer"},
    {"Ctrl-N", "new line"},
    {"Ctrl-D F2", "finish (several lines)"},
    {"Esc", "leave"},
    {"F1", "keys"},
    {"F3 Ctrl-T", "hint (costs points)"},
    {"Left/Right Home/End", "move"},
    {"Ctrl-U Ctrl-K", "cut to start / end of line"},
    {"PgUp/PgDn", "scroll the story"},
};

static const struct {
    int key;
    ed_action fn;
} editor_keys[] = {
    {CRT_FN(KEY_LEFT), ed_left},
    {CRT_FN(KEY_RIGHT), ed_right},
    {CRT_FN(KEY_HOME), ed_home},
    {CRT_CTRL('a'), ed_home},
    {CRT_FN(KEY_END), ed_end},
    {CRT_CTRL('e'), ed_end},
    {CRT_FN(KEY_BACKSPACE), ed_backspace},
    {127, ed_backspace},
    {CRT_CTRL('h'), ed_backspace},
    {CRT_FN(KEY_DC), ed_del},
    {CRT_CTRL('u'), ed_kill_start},
    {CRT_CTRL('k'), ed_kill_end},
    {CRT_CTRL('n'), ed_newline},
    {'\r', ed_enter},
    {'\n', ed_enter},
    {CRT_FN(KEY_ENTER), ed_enter},
    {CRT_CTRL('d'), ed_finish},
    {CRT_FN(KEY_F(2)), ed_finish},
    {CRT_ESC, ed_leave},
    {CRT_FN(KEY_F(3)), ed_hint},
    {FE_HINT_KEY_CTRL, ed_hint},
};

fe_status fe_input(void *ud, const char *prompt, const char *hint, char *buf, size_t cap)
{
    tui_fe *f = ud;
    if (cap == 0) return FE_BAD;
    fe_add(f, CRT_PROMPT, prompt, 0, 2, true);
    editor e = {.f = f, .hint = hint, .max_bytes = cap};
    f->bottom = (fe_bottom){ed_build, &e};
    f->hints = editor_hints;
    f->nhints = sizeof editor_hints / sizeof editor_hints[0];
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
        for (size_t i = 0; flags < 0 && i < sizeof editor_keys / sizeof editor_keys[0]; i++)
            if (editor_keys[i].key == key) flags = editor_keys[i].fn(&e);
        if (flags < 0 && key >= 32 && key != 127 && key < CRT_FN(0)) {
            e.msg = NULL;
            ed_insert(&e, (wchar_t)key);
            flags = TUI_REFRESH;
        }
        if (flags > 0 && (flags & TUI_QUIT)) {
            st = FE_QUIT;
            break;
        }
        if (flags > 0 && (flags & TUI_HINT)) {
            st = FE_HINT;
            break;
        }
        if (flags > 0 && (flags & TUI_DONE)) break;
    }
    f->bottom = (fe_bottom){0};
    curs_set(0);
    if (st == FE_OK) {
        text_narrow(e.text ? e.text : L"", e.len, buf, cap);
        char *echo = malloc(strlen(buf) + 3);
        if (echo) {
            sprintf(echo, "> %s", buf);
            fe_add(f, CRT_ANSWER, echo, 2, 2, false);
            free(echo);
        }
    }
    free(e.text);
    return st;
}
