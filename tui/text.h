#ifndef TUI_TEXT_H
#define TUI_TEXT_H

/* Text for the screen: UTF-8 turned into wide characters through the
 * locale, measured with wcwidth, word-wrapped to a width, and drawn clipped
 * so that nothing ever writes past the edge of a small window. */

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "tui/crt.h"

typedef struct tui_line {
    wchar_t *text; /* owned, NUL-terminated */
    crt_role role;
    int indent; /* blank columns before the text */
} tui_line;

typedef struct tui_lines {
    tui_line *v;
    size_t n, cap;
} tui_lines;

/* A wide copy of s (never NULL unless out of memory): bytes the locale
 * cannot decode become '?', tabs become a space, other control characters
 * '?', so that a scenario cannot send escape sequences to the terminal. */
wchar_t *text_widen(const char *s, size_t *len);
/* The UTF-8 (locale) form of n wide characters, into buf; stops at a
 * character boundary when buf is full. Returns the bytes written. */
size_t text_narrow(const wchar_t *w, size_t n, char *buf, size_t cap);
/* Columns that a character or a run of characters takes. */
int text_char_width(wchar_t c);
int text_width(const wchar_t *s, size_t n);
int text_width_utf8(const char *s);

/* Word-wraps s (paragraphs split at '\n') to width columns: the first line
 * after indent columns, the rest after indent + hang; leading blanks of a
 * paragraph are kept for both, so preformatted text stays aligned. */
void text_wrap(tui_lines *out, const char *s, int width, crt_role role, int indent, int hang);
/* Adds s one line per '\n' without wrapping (drawing clips it). */
void text_add(tui_lines *out, const char *s, crt_role role, int indent);
void text_add_blank(tui_lines *out);
/* Adds n wide characters as one line. */
void text_add_w(tui_lines *out, const wchar_t *s, size_t n, crt_role role, int indent);
void text_lines_clear(tui_lines *l);

/* Draws at (y, x) at most maxw columns; returns the columns used. */
int text_draw(const crt *c, int y, int x, const wchar_t *s, size_t n, int maxw, crt_role role);
int text_draw_utf8(const crt *c, int y, int x, const char *s, int maxw, crt_role role);
/* Draws one tui_line at row y between columns x and x + width. */
void text_draw_line(const crt *c, int y, int x, int width, const tui_line *l);
/* Fills a row segment with blanks in a role (for bars and the selection). */
void text_fill(const crt *c, int y, int x, int width, crt_role role);

#endif
