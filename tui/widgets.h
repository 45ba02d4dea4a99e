#ifndef TUI_WIDGETS_H
#define TUI_WIDGETS_H

/* The pieces every screen shares: the title and status bars, the "window
 * too small" line, a modal box (confirm, message) and a scrolling pager.
 * All work on absolute screen coordinates, from LINES and COLS at the time
 * of drawing, so a resize only needs a redraw. */

#include <stdbool.h>
#include <stddef.h>

#include "tui/crt.h"
#include "tui/text.h"

/* What an action asks the loop that called it to do next. */
enum {
    TUI_NONE = 0,
    TUI_REFRESH = 1 << 0, /* redraw the screen */
    TUI_DONE = 1 << 1,    /* the widget has its answer */
    TUI_QUIT = 1 << 2,    /* leave this screen (or the app, on the home screen) */
    TUI_HINT = 1 << 3,    /* the learner asked for the question's hint */
};

typedef struct tui_hint {
    const char *key;
    const char *label;
} tui_hint;

/* Redraws whatever lies under a modal box, e.g. after a resize. */
typedef void (*tui_paint_fn)(void *ud);

/* The smallest window the screens lay themselves out in; below it they show
 * one line saying so (clipped to what fits, even in 1x1). */
#define TUI_MIN_COLS 16
#define TUI_MIN_LINES 4

/* Draws the "too small" line and returns true when the window is below the
 * minimum, so that the caller skips its own drawing. */
bool widget_too_small(const crt *c);
void widget_title(const crt *c, const char *left, const char *right);
void widget_status(const crt *c, const tui_hint *hints, size_t n);

/* Modal boxes over paint(ud). confirm: true for y/Enter, false for n/Esc. */
bool widget_confirm(crt *c, tui_paint_fn paint, void *ud, const char *title, const char *text);
/* A box with text and a foot line of keys; returns the key pressed, one of
 * accept (Enter comes back as '\r'), or any key when accept is NULL. */
int widget_ask(crt *c, tui_paint_fn paint, void *ud, const char *title, const char *text,
               const char *foot, const char *accept);
void widget_message(crt *c, tui_paint_fn paint, void *ud, const char *title, const char *text);

/* Lines of a full screen, rebuilt for the width at each draw. */
typedef void (*tui_build_fn)(void *ud, int width, tui_lines *out);

/* A full-screen scrolling view of build()'s lines. Returns the key that
 * closed it (q, Esc, Enter, Left...), or CRT_KEY_GONE. */
int widget_pager(crt *c, const char *title, tui_build_fn build, void *ud, const tui_hint *hints,
                 size_t nhints);

/* The help box: one line per hint, over paint(ud). */
void widget_help(crt *c, tui_paint_fn paint, void *ud, const char *title, const tui_hint *keys,
                 size_t n);

#endif
