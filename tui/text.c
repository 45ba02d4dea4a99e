#include "tui/text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

wchar_t *text_widen(const char *s, size_t *len)
{
    size_t n = strlen(s);
    wchar_t *w = malloc((n + 1) * sizeof *w);
    if (!w) {
        if (len) *len = 0;
        return NULL;
    }
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t i = 0, k = 0;
    while (i < n) {
        wchar_t wc = 0;
        size_t used = mbrtowc(&wc, s + i, n - i, &st);
        if (used == (size_t)-1 || used == (size_t)-2 || used == 0) {
            /* Undecodable in this locale: one '?' per byte, and start over. */
            memset(&st, 0, sizeof st);
            wc = L'?';
            used = 1;
        }
        if (wc == L'\t')
            wc = L' ';
        else if (wc != L'\n' && (wc < 32 || wc == 127 || (wc >= 0x80 && wc < 0xa0)))
            wc = L'?';
        w[k++] = wc;
        i += used;
    }
    w[k] = 0;
    if (len) *len = k;
    return w;
}

size_t text_narrow(const wchar_t *w, size_t n, char *buf, size_t cap)
{
    if (cap == 0) return 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t used = 0;
    char tmp[MB_LEN_MAX];
    for (size_t i = 0; i < n; i++) {
        size_t k = wcrtomb(tmp, w[i], &st);
        if (k == (size_t)-1) {
            tmp[0] = '?';
            k = 1;
            memset(&st, 0, sizeof st);
        }
        if (used + k >= cap) break;
        memcpy(buf + used, tmp, k);
        used += k;
    }
    buf[used] = '\0';
    return used;
}

int text_char_width(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

int text_width(const wchar_t *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        w += text_char_width(s[i]);
    return w;
}

int text_width_utf8(const char *s)
{
    size_t n = 0;
    wchar_t *w = text_widen(s, &n);
    int width = w ? text_width(w, n) : 0;
    free(w);
    return width;
}

static void text_push(tui_lines *out, const wchar_t *s, size_t n, crt_role role, int indent)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        tui_line *grown = realloc(out->v, cap * sizeof *grown);
        if (!grown) return;
        out->v = grown;
        out->cap = cap;
    }
    wchar_t *copy = malloc((n + 1) * sizeof *copy);
    if (!copy) return;
    if (n) memcpy(copy, s, n * sizeof *copy);
    copy[n] = 0;
    out->v[out->n++] = (tui_line){copy, role, indent};
}

static void text_wrap_para(tui_lines *out, const wchar_t *p, size_t n, int width, crt_role role,
                           int indent, int hang)
{
    size_t lead = 0;
    while (lead < n && p[lead] == L' ')
        lead++;
    if (lead == n) {
        text_push(out, L"", 0, role, indent);
        return;
    }
    /* Keep at least a quarter of the width for text, however deep the indent. */
    int base = indent + (int)lead;
    if (base > width * 3 / 4) base = width * 3 / 4;
    int rest = base + hang;
    if (rest > width * 3 / 4) rest = width * 3 / 4;
    size_t pos = lead;
    bool first = true;
    while (pos < n) {
        int ind = first ? base : rest;
        int avail = width - ind;
        if (avail < 1) avail = 1;
        size_t start = pos, i = pos, brk = 0;
        int col = 0;
        while (i < n) {
            int w = text_char_width(p[i]);
            if (col + w > avail) break;
            if (p[i] == L' ') brk = i;
            col += w;
            i++;
        }
        size_t end;
        if (i >= n) {
            end = n;
            pos = n;
        } else if (p[i] == L' ') {
            end = i;
            pos = i;
        } else if (brk > start) {
            end = brk;
            pos = brk;
        } else {
            end = i > start ? i : start + 1;
            pos = end;
        }
        while (end > start && p[end - 1] == L' ')
            end--;
        text_push(out, p + start, end - start, role, ind);
        while (pos < n && p[pos] == L' ')
            pos++;
        first = false;
    }
}

void text_wrap(tui_lines *out, const char *s, int width, crt_role role, int indent, int hang)
{
    size_t n = 0;
    wchar_t *w = text_widen(s ? s : "", &n);
    if (!w) return;
    if (width < 1) width = 1;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && w[i] != L'\n') continue;
        text_wrap_para(out, w + start, i - start, width, role, indent, hang);
        start = i + 1;
    }
    free(w);
}

void text_add(tui_lines *out, const char *s, crt_role role, int indent)
{
    size_t n = 0;
    wchar_t *w = text_widen(s ? s : "", &n);
    if (!w) return;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && w[i] != L'\n') continue;
        text_push(out, w + start, i - start, role, indent);
        start = i + 1;
    }
    free(w);
}

void text_add_w(tui_lines *out, const wchar_t *s, size_t n, crt_role role, int indent)
{
    text_push(out, s, n, role, indent);
}

void text_add_blank(tui_lines *out)
{
    text_push(out, L"", 0, CRT_NORMAL, 0);
}

void text_lines_clear(tui_lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int text_draw(const crt *c, int y, int x, const wchar_t *s, size_t n, int maxw, crt_role role)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || maxw <= 0) return 0;
    if (maxw > COLS - x) maxw = COLS - x;
    size_t k = 0;
    int col = 0;
    while (k < n && s[k]) {
        int w = text_char_width(s[k]);
        if (col + w > maxw) break;
        col += w;
        k++;
    }
    if (k == 0) return 0;
    attr_t a = crt_attr(c, role);
    attron(a);
    mvaddnwstr(y, x, s, (int)k);
    attroff(a);
    return col;
}

int text_draw_utf8(const crt *c, int y, int x, const char *s, int maxw, crt_role role)
{
    size_t n = 0;
    wchar_t *w = text_widen(s ? s : "", &n);
    if (!w) return 0;
    int used = text_draw(c, y, x, w, n, maxw, role);
    free(w);
    return used;
}

void text_draw_line(const crt *c, int y, int x, int width, const tui_line *l)
{
    if (l->indent >= width) return;
    text_draw(c, y, x + l->indent, l->text, wcslen(l->text), width - l->indent, l->role);
}

void text_fill(const crt *c, int y, int x, int width, crt_role role)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS) return;
    if (width > COLS - x) width = COLS - x;
    if (width <= 0) return;
    attr_t a = crt_attr(c, role);
    attron(a);
    mvhline(y, x, ' ', width);
    attroff(a);
}
