#ifndef TUI_VIEW_H
#define TUI_VIEW_H

/* Turns what a scenario shows (learn/frontend.h's fe_view) into screen
 * lines: a table with aligned columns, and a chart as bars (few points) or
 * a sparkline (many), both fitted to the width at the time of drawing. */

#include <stdbool.h>

#include "learn/frontend.h"
#include "tui/text.h"

/* Adds the table of v (row 0 is the header) as unwrapped lines. */
void view_table(tui_lines *out, const fe_view *v, bool utf8);
/* Adds a chart of the points, width columns wide. */
void view_chart(tui_lines *out, const double *points, size_t n, const char *unit, int width,
                bool utf8);

#endif
