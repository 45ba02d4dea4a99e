#include "cli/headless.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "learn/answer.h"
#include "lua/scenario.h"
#include "sim/utf8.h"

bool headless_open(headless *h, const char *path, bool json)
{
    memset(h, 0, sizeof *h);
    h->out = stdout;
    if (!path || strcmp(path, "-") == 0) {
        h->in = stdin;
        h->in_name = "<stdin>";
        h->interactive = isatty(STDIN_FILENO) && !json;
    } else {
        h->in = fopen(path, "r");
        if (!h->in) return false;
        h->in_name = path;
        h->owns_in = true;
    }
    if (json) h->events = json_array();
    return true;
}

void headless_close(headless *h)
{
    if (h->owns_in && h->in) fclose(h->in);
    json_decref(h->events);
    h->events = NULL;
    h->in = NULL;
}

void headless_describe_error(const headless *h, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s:%d:%d: %s", h->in_name, h->line, h->col > 0 ? h->col : 1, h->error);
}

static void hl_event(headless *h, json_t *e)
{
    if (h->events) json_array_append_new(h->events, e);
    else json_decref(e);
}

/* Reads the next answer line without its line ending. */
static fe_status hl_read(headless *h, char *buf, size_t cap)
{
    if (h->interactive) {
        fputs("> ", h->out);
        fflush(h->out);
    }
    char *line = NULL;
    size_t n = 0;
    h->col = 1;
    ssize_t got = getline(&line, &n, h->in);
    if (got < 0) {
        free(line);
        snprintf(h->error, sizeof h->error, "the answers ran out");
        h->line++;
        return FE_EOF;
    }
    h->line++;
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = '\0';
    if ((size_t)got >= cap) {
        free(line);
        snprintf(h->error, sizeof h->error, "the answer is longer than %zu bytes", cap - 1);
        return FE_BAD;
    }
    if (memchr(line, '\0', (size_t)got)) {
        free(line);
        snprintf(h->error, sizeof h->error, "the answer contains a NUL byte");
        return FE_BAD;
    }
    size_t bad = 0;
    if (!sim_utf8_valid(line, (size_t)got, &bad)) {
        h->col = (int)sim_utf8_column(line, bad);
        snprintf(h->error, sizeof h->error, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                 (unsigned char)line[bad]);
        free(line);
        return FE_BAD;
    }
    memcpy(buf, line, (size_t)got + 1);
    free(line);
    if (strcmp(buf, "?") == 0) {
        if (!h->interactive && !h->events) fprintf(h->out, "> ?\n");
        return FE_HINT;
    }
    if (!h->interactive && !h->events) fprintf(h->out, "> %s\n", buf);
    return FE_OK;
}

static void hl_say(void *ud, fe_say_style style, const char *text)
{
    headless *h = ud;
    static const char *const styles[] = {"narrative", "explain", "notice", "hint"};
    if (h->events) {
        hl_event(h, json_pack("{s:s,s:s,s:s}", "type", "say", "style", styles[style], "text", text));
        return;
    }
    fprintf(h->out, "%s%s\n",
            style == FE_SAY_EXPLAIN  ? "  * "
            : style == FE_SAY_NOTICE ? "-- "
            : style == FE_SAY_HINT   ? "  hint: "
                                     : "",
            text);
}

static fe_status hl_choose(void *ud, const char *prompt, const char *const *options, size_t n,
                           bool multi, bool *picked)
{
    headless *h = ud;
    if (!h->events) {
        fprintf(h->out, "\n? %s%s\n", prompt, multi ? " (one or more, e.g. 1+3)" : "");
        for (size_t i = 0; i < n; i++) fprintf(h->out, "  %zu) %s\n", i + 1, options[i]);
    }
    for (int tries = 0;; tries++) {
        char buf[256];
        fe_status st = hl_read(h, buf, sizeof buf);
        if (st != FE_OK) return st; /* FE_HINT too: the runtime answers it */
        if (answer_parse_choice(buf, n, multi, picked, h->error, sizeof h->error)) break;
        if (!h->interactive || tries >= 4) return FE_BAD;
        fprintf(h->out, "-- %s\n", h->error);
    }
    if (h->events) {
        json_t *opts = json_array(), *ans = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(opts, json_string(options[i]));
            if (picked[i]) json_array_append_new(ans, json_integer((json_int_t)i + 1));
        }
        hl_event(h, json_pack("{s:s,s:s,s:o,s:b,s:o}", "type", "choose", "prompt", prompt,
                              "options", opts, "multi", multi, "answer", ans));
    }
    return FE_OK;
}

static fe_status hl_input(void *ud, const char *prompt, const char *hint, char *buf, size_t cap)
{
    headless *h = ud;
    if (!h->events) fprintf(h->out, "\n? %s%s%s%s\n", prompt, hint ? " (" : "", hint ? hint : "",
                            hint ? ")" : "");
    fe_status st = hl_read(h, buf, cap);
    if (st == FE_OK && h->events)
        hl_event(h, json_pack("{s:s,s:s,s:s}", "type", "input", "prompt", prompt, "answer", buf));
    return st;
}

static size_t hl_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void hl_show_text(headless *h, const fe_view *v)
{
    if (v->title) fprintf(h->out, "\n[%s]\n", v->title);
    if (v->text) fprintf(h->out, "%s\n", v->text);
    if (v->rows && v->cols) {
        size_t widths[64] = {0};
        for (size_t r = 0; r < v->rows; r++)
            for (size_t c = 0; c < v->cols && c < 64; c++) {
                size_t w = hl_width(v->cells[r * v->cols + c]);
                if (w > widths[c]) widths[c] = w;
            }
        for (size_t r = 0; r < v->rows; r++) {
            fputs(" ", h->out);
            for (size_t c = 0; c < v->cols && c < 64; c++) {
                const char *cell = v->cells[r * v->cols + c];
                fprintf(h->out, " %s%*s", cell, (int)(widths[c] - hl_width(cell)), "");
            }
            fputc('\n', h->out);
            if (r == 0) {
                fputs(" ", h->out);
                for (size_t c = 0; c < v->cols && c < 64; c++) {
                    fputc(' ', h->out);
                    for (size_t k = 0; k < widths[c]; k++) fputc('-', h->out);
                }
                fputc('\n', h->out);
            }
        }
    }
    if (v->npoints) {
        double max = 0;
        for (size_t i = 0; i < v->npoints; i++)
            if (v->points[i] > max) max = v->points[i];
        /* A plain bar per point (at most 24, averaging neighbours). */
        size_t bars = v->npoints < 24 ? v->npoints : 24;
        for (size_t b = 0; b < bars; b++) {
            size_t lo = b * v->npoints / bars, hi = (b + 1) * v->npoints / bars;
            double sum = 0;
            for (size_t i = lo; i < hi; i++) sum += v->points[i];
            double avg = hi > lo ? sum / (double)(hi - lo) : 0;
            int len = max > 0 ? (int)(avg / max * 40 + 0.5) : 0;
            fprintf(h->out, "  %10.4g %s |%.*s\n", avg, v->unit ? v->unit : "", len,
                    "########################################");
        }
    }
    size_t ww = 0;
    for (size_t i = 0; i < v->nevents; i++)
        if (hl_width(v->event_when[i]) > ww) ww = hl_width(v->event_when[i]);
    for (size_t i = 0; i < v->nevents; i++)
        fprintf(h->out, "  %s%*s  %s\n", v->event_when[i], (int)(ww - hl_width(v->event_when[i])),
                "", v->event_text[i]);
}

static void hl_show(void *ud, const fe_view *v)
{
    headless *h = ud;
    if (!h->events) {
        hl_show_text(h, v);
        return;
    }
    json_t *e = json_pack("{s:s}", "type", "show");
    if (v->title) json_object_set_new(e, "title", json_string(v->title));
    if (v->text) json_object_set_new(e, "text", json_string(v->text));
    if (v->rows && v->cols) {
        json_t *cols = json_array(), *rows = json_array();
        for (size_t c = 0; c < v->cols; c++) json_array_append_new(cols, json_string(v->cells[c]));
        for (size_t r = 1; r < v->rows; r++) {
            json_t *row = json_array();
            for (size_t c = 0; c < v->cols; c++)
                json_array_append_new(row, json_string(v->cells[r * v->cols + c]));
            json_array_append_new(rows, row);
        }
        json_object_set_new(e, "columns", cols);
        json_object_set_new(e, "rows", rows);
    }
    if (v->npoints) {
        json_t *pts = json_array();
        for (size_t i = 0; i < v->npoints; i++) json_array_append_new(pts, json_real(v->points[i]));
        json_object_set_new(e, "chart", pts);
        if (v->unit) json_object_set_new(e, "unit", json_string(v->unit));
    }
    if (v->nevents) {
        json_t *tl = json_array();
        for (size_t i = 0; i < v->nevents; i++)
            json_array_append_new(tl,
                                  json_pack("{s:I,s:s,s:s}", "at_ms", (json_int_t)v->event_ms[i],
                                            "when", v->event_when[i], "text", v->event_text[i]));
        json_object_set_new(e, "timeline", tl);
    }
    hl_event(h, e);
}

static fe_status hl_pause(void *ud, const char *text)
{
    (void)ud;
    (void)text;
    return FE_OK; /* nothing to wait for without a person */
}

static json_t *hl_antipatterns(const fe_antipattern *a, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s,s:s}", "id", a[i].id, "title", a[i].title);
        if (a[i].why) json_object_set_new(o, "why", json_string(a[i].why));
        if (a[i].instead) json_object_set_new(o, "instead", json_string(a[i].instead));
        json_array_append_new(arr, o);
    }
    return arr;
}

static void hl_print_antipatterns(headless *h, const fe_antipattern *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(h->out, "  ! anti-pattern: %s\n", a[i].title);
        if (a[i].why) fprintf(h->out, "    why: %s\n", a[i].why);
        if (a[i].instead) fprintf(h->out, "    instead: %s\n", a[i].instead);
    }
}

static void hl_feedback(void *ud, const fe_feedback *fb)
{
    headless *h = ud;
    if (h->events) {
        json_t *e = json_pack("{s:s,s:s,s:f,s:f,s:o}", "type", "feedback", "verdict",
                              scn_verdict_name(fb->verdict), "points", fb->points, "max_points",
                              fb->max_points, "antipatterns",
                              hl_antipatterns(fb->antipatterns, fb->nantipatterns));
        if (fb->explanation) json_object_set_new(e, "explanation", json_string(fb->explanation));
        hl_event(h, e);
        return;
    }
    if (fb->verdict != FE_UNSCORED)
        fprintf(h->out, "  [%s] %g/%g\n", scn_verdict_name(fb->verdict), fb->points, fb->max_points);
    if (fb->explanation) fprintf(h->out, "  %s\n", fb->explanation);
    hl_print_antipatterns(h, fb->antipatterns, fb->nantipatterns);
}

static void hl_debrief(void *ud, const fe_debrief *d)
{
    headless *h = ud;
    if (h->events) {
        hl_event(h, json_pack("{s:s,s:s,s:f,s:f,s:b,s:o}", "type", "debrief", "title",
                              d->title ? d->title : "", "score", d->score, "max_score",
                              d->max_score, "completed", d->completed, "antipatterns",
                              hl_antipatterns(d->antipatterns, d->nantipatterns)));
        return;
    }
    fprintf(h->out, "\n== Debrief: %s ==\nScore: %g/%g%s\n", d->title ? d->title : "", d->score,
            d->max_score, d->completed ? "" : " (left before the end)");
    if (d->nantipatterns) {
        fprintf(h->out, "Anti-patterns you hit:\n");
        hl_print_antipatterns(h, d->antipatterns, d->nantipatterns);
    } else {
        fprintf(h->out, "No anti-patterns hit.\n");
    }
}

frontend headless_frontend(headless *h)
{
    return (frontend){
        .ud = h,
        .strict = !h->interactive,
        .say = hl_say,
        .choose = hl_choose,
        .input = hl_input,
        .show = hl_show,
        .pause = hl_pause,
        .feedback = hl_feedback,
        .debrief = hl_debrief,
    };
}
