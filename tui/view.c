#include "tui/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_MAX_COLS 32

/* Appends s and then blanks up to width columns. */
static size_t view_cell(char *buf, size_t used, size_t cap, const char *s, int pad)
{
    int w = snprintf(buf + used, cap - used, "%s%*s", s, pad > 0 ? pad : 0, "");
    if (w < 0 || (size_t)w >= cap - used) return cap - 1;
    return used + (size_t)w;
}

void view_table(tui_lines *out, const fe_view *v, bool utf8)
{
    size_t cols = v->cols < VIEW_MAX_COLS ? v->cols : VIEW_MAX_COLS;
    int widths[VIEW_MAX_COLS] = {0};
    for (size_t r = 0; r < v->rows; r++)
        for (size_t c = 0; c < cols; c++) {
            int w = text_width_utf8(v->cells[r * v->cols + c]);
            if (w > widths[c]) widths[c] = w;
        }
    char line[4096];
    for (size_t r = 0; r < v->rows; r++) {
        size_t used = 0;
        line[0] = '\0';
        for (size_t c = 0; c < cols; c++) {
            const char *cell = v->cells[r * v->cols + c];
            int pad = c + 1 < cols ? widths[c] - text_width_utf8(cell) + 2 : 0;
            used = view_cell(line, used, sizeof line, cell, pad);
        }
        text_add(out, line, r == 0 ? CRT_HEADER : CRT_NORMAL, 2);
        if (r == 0) {
            used = 0;
            line[0] = '\0';
            for (size_t c = 0; c < cols; c++) {
                for (int k = 0; k < widths[c] && used + 4 < sizeof line; k++)
                    used = view_cell(line, used, sizeof line, utf8 ? "\u2500" : "-", 0);
                if (c + 1 < cols) used = view_cell(line, used, sizeof line, "  ", 0);
            }
            text_add(out, line, CRT_DIM, 2);
        }
    }
}

static void view_number(char *buf, size_t cap, double v)
{
    if (fabs(v) >= 1e6 || (fabs(v) < 1e-3 && v != 0))
        snprintf(buf, cap, "%.3g", v);
    else
        snprintf(buf, cap, "%.6g", v);
}

/* One bar per point: few points read best as labelled bars. */
static void view_bars(tui_lines *out, const double *pts, size_t n, const char *unit, int width,
                      double max, bool utf8)
{
    char labels[16][32];
    int lw = 0;
    for (size_t i = 0; i < n; i++) {
        view_number(labels[i], sizeof labels[i], pts[i]);
        int w = (int)strlen(labels[i]);
        if (w > lw) lw = w;
    }
    int ulen = unit ? text_width_utf8(unit) + 1 : 0;
    int room = width - 2 - lw - ulen - 2;
    if (room < 1) room = 1;
    for (size_t i = 0; i < n; i++) {
        char line[1024];
        int len = max > 0 && pts[i] > 0 ? (int)lround(pts[i] / max * room) : 0;
        if (len > room) len = room;
        size_t used = (size_t)snprintf(line, sizeof line, "%*s%s%s |", lw, labels[i],
                                       unit ? " " : "", unit ? unit : "");
        for (int k = 0; k < len && used + 4 < sizeof line; k++)
            used = view_cell(line, used, sizeof line, utf8 ? "\u2588" : "#", 0);
        text_add(out, line, CRT_CHART, 2);
    }
}

/* Many points: a sparkline, each column the mean of its share of points. */
static void view_sparkline(tui_lines *out, const double *pts, size_t n, const char *unit, int width,
                           double min, double max, bool utf8)
{
    static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                         "\u2585", "\u2586", "\u2587", "\u2588"};
    static const char ascii[] = "_.-:=+*#";
    int cols = width - 4;
    if (cols < 1) cols = 1;
    if ((size_t)cols > n) cols = (int)n;
    char line[4096];
    size_t used = 0;
    line[0] = '\0';
    for (int c = 0; c < cols; c++) {
        size_t lo = (size_t)c * n / (size_t)cols, hi = (size_t)(c + 1) * n / (size_t)cols;
        double sum = 0;
        for (size_t i = lo; i < hi; i++)
            sum += pts[i];
        double mean = hi > lo ? sum / (double)(hi - lo) : 0;
        int level = max > min ? (int)((mean - min) / (max - min) * 7.0 + 0.5) : 0;
        if (level < 0) level = 0;
        if (level > 7) level = 7;
        if (utf8) {
            used = view_cell(line, used, sizeof line, blocks[level], 0);
        } else if (used + 2 < sizeof line) {
            line[used++] = ascii[level];
            line[used] = '\0';
        }
    }
    text_add(out, line, CRT_CHART, 2);
    char lo[32], hi[32], last[32];
    view_number(lo, sizeof lo, min);
    view_number(hi, sizeof hi, max);
    view_number(last, sizeof last, pts[n - 1]);
    snprintf(line, sizeof line, "min %s  max %s  last %s%s%s  (%zu points)", lo, hi, last,
             unit ? " " : "", unit ? unit : "", n);
    text_add(out, line, CRT_DIM, 2);
}

void view_chart(tui_lines *out, const double *points, size_t n, const char *unit, int width,
                bool utf8)
{
    if (n == 0) return;
    /* Infinities and NaN would poison the scale: draw them as zero. */
    double *pts = malloc(n * sizeof *pts);
    if (!pts) return;
    for (size_t i = 0; i < n; i++)
        pts[i] = isfinite(points[i]) ? points[i] : 0;
    points = pts;
    double min = points[0], max = points[0];
    for (size_t i = 1; i < n; i++) {
        if (points[i] < min) min = points[i];
        if (points[i] > max) max = points[i];
    }
    if (n <= 16 && min >= 0)
        view_bars(out, points, n, unit, width, max, utf8);
    else
        view_sparkline(out, points, n, unit, width, min, max, utf8);
    free(pts);
}
