#include "cli/headless.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "learn/answer.h"
#include "lua/scenario.h"
#include "sim/utf8.h"

/* What an answers path may be: a regular file, a FIFO or pipe (another
 * program writing the answers), or a character device (a terminal,
 * /dev/null). A folder is never an answers file, nor a block device. */
static const char *hl_refused_kind(mode_t m)
{
    if (S_ISREG(m) || S_ISFIFO(m) || S_ISCHR(m)) return NULL;
    return S_ISDIR(m) ? "a folder" : S_ISBLK(m) ? "a block device" : "not a file";
}

static bool hl_refuse(headless *h, const char *path, const char *kind)
{
    snprintf(h->error, sizeof h->error,
             "%s: is %s, not an answers file (--answers takes a file, a pipe, or - for standard "
             "input)",
             path, kind);
    return false;
}

bool headless_open(headless *h, const char *path, bool json)
{
    memset(h, 0, sizeof *h);
    h->out = stdout;
    if (!path || strcmp(path, "-") == 0) {
        h->in = stdin;
        h->in_name = "<stdin>";
        h->interactive = isatty(STDIN_FILENO) && !json;
    } else {
        h->in_name = path;
        struct stat st;
        if (stat(path, &st) != 0) {
            snprintf(h->error, sizeof h->error, "%s: cannot open the answers: %s", path,
                     strerror(errno));
            return false;
        }
        const char *kind = hl_refused_kind(st.st_mode);
        if (kind) return hl_refuse(h, path, kind);
        /* A FIFO named on purpose is opened as usual, waiting for its writer;
         * anything else without waiting, so that a FIFO put in its place
         * meanwhile cannot hang us, and checked again once open. */
        int fd = open(path, O_RDONLY | O_CLOEXEC | (S_ISFIFO(st.st_mode) ? 0 : O_NONBLOCK));
        if (fd < 0 || fstat(fd, &st) != 0 || (kind = hl_refused_kind(st.st_mode))) {
            int e = errno;
            if (fd >= 0) close(fd);
            if (kind) return hl_refuse(h, path, kind);
            snprintf(h->error, sizeof h->error, "%s: cannot open the answers: %s", path,
                     strerror(e));
            return false;
        }
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        h->in = fdopen(fd, "r");
        if (!h->in) {
            snprintf(h->error, sizeof h->error, "%s: cannot open the answers: %s", path,
                     strerror(errno));
            close(fd);
            return false;
        }
        h->owns_in = true;
    }
    h->linebuf = malloc(HEADLESS_LINE_MAX + 1);
    if (!h->linebuf) {
        snprintf(h->error, sizeof h->error, "out of memory");
        headless_close(h);
        return false;
    }
    if (json) h->events = json_array();
    return true;
}

void headless_close(headless *h)
{
    if (h->owns_in && h->in) fclose(h->in);
    json_decref(h->events);
    free(h->linebuf);
    h->linebuf = NULL;
    h->events = NULL;
    h->in = NULL;
}

void headless_describe_error(const headless *h, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s:%d:%d: %s", h->in_name, h->line, h->col > 0 ? h->col : 1, h->error);
}

static void hl_event(headless *h, json_t *e)
{
    if (h->events)
        json_array_append_new(h->events, e);
    else
        json_decref(e);
}

/* Reads one line into h->linebuf, at most HEADLESS_LINE_MAX bytes, and at
 * most HEADLESS_TOTAL_MAX in all: /dev/zero or a runaway writer is an
 * error at its line, not a process that reads until memory runs out. Returns
 * the length without the line ending, or -1 at the end of the answers, or -2
 * (h->error set) for a line that is too long or cannot be read. */
static ssize_t hl_getline(headless *h)
{
    size_t n = 0;
    int c;
    bool any = false;
    while ((c = getc(h->in)) != EOF) {
        any = true;
        if (++h->total > HEADLESS_TOTAL_MAX) {
            snprintf(h->error, sizeof h->error,
                     "more than %d MiB of answers: this is not an answers file",
                     HEADLESS_TOTAL_MAX >> 20);
            return -2;
        }
        if (c == '\n') break;
        if (n == HEADLESS_LINE_MAX) {
            h->col = (int)n + 1;
            snprintf(h->error, sizeof h->error, "the line is longer than %d KiB%s",
                     HEADLESS_LINE_MAX >> 10,
                     memchr(h->linebuf, '\0', n) ? " and holds NUL bytes: not a text file" : "");
            return -2;
        }
        h->linebuf[n++] = (char)c;
    }
    if (c == EOF && ferror(h->in)) {
        snprintf(h->error, sizeof h->error, "cannot read the answers: %s", strerror(errno));
        return -2;
    }
    if (!any) return -1;
    h->linebuf[n] = '\0';
    return (ssize_t)n;
}

/* Reads the next answer line without its line ending. */
static fe_status hl_read(headless *h, char *buf, size_t cap)
{
    if (h->interactive) {
        fputs("> ", h->out);
        fflush(h->out);
    }
    h->col = 1;
    h->line++;
    ssize_t got = hl_getline(h);
    if (got == -1) {
        snprintf(h->error, sizeof h->error, "the answers ran out");
        return FE_EOF;
    }
    if (got == -2) return FE_BAD;
    char *line = h->linebuf;
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
        line[--got] = '\0';
    if ((size_t)got >= cap) {
        snprintf(h->error, sizeof h->error, "the answer is longer than %zu bytes", cap - 1);
        return FE_BAD;
    }
    if (memchr(line, '\0', (size_t)got)) {
        snprintf(h->error, sizeof h->error, "the answer contains a NUL byte");
        return FE_BAD;
    }
    size_t bad = 0;
    if (!sim_utf8_valid(line, (size_t)got, &bad)) {
        h->col = (int)sim_utf8_column(line, bad);
        snprintf(h->error, sizeof h->error, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                 (unsigned char)line[bad]);
        return FE_BAD;
    }
    memcpy(buf, line, (size_t)got + 1);
    if (strcmp(buf, "?") == 0) {
        /* What is wrong if the runtime gives up on hints asked again and
         * again: it is asked once more, or the run stops with this. */
        snprintf(h->error, sizeof h->error, "'?' asks for a hint again and again: answer instead");
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
        hl_event(h,
                 json_pack("{s:s,s:s,s:s}", "type", "say", "style", styles[style], "text", text));
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
        for (size_t i = 0; i < n; i++)
            fprintf(h->out, "  %zu) %s\n", i + 1, options[i]);
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
    if (!h->events)
        fprintf(h->out, "\n? %s%s%s%s\n", prompt, hint ? " (" : "", hint ? hint : "",
                hint ? ")" : "");
    fe_status st = hl_read(h, buf, cap);
    if (st == FE_OK && h->events)
        hl_event(h, json_pack("{s:s,s:s,s:s}", "type", "input", "prompt", prompt, "answer", buf));
    return st;
}

static size_t hl_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
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
                    for (size_t k = 0; k < widths[c]; k++)
                        fputc('-', h->out);
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
            for (size_t i = lo; i < hi; i++)
                sum += v->points[i];
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
        for (size_t c = 0; c < v->cols; c++)
            json_array_append_new(cols, json_string(v->cells[c]));
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
        for (size_t i = 0; i < v->npoints; i++)
            json_array_append_new(pts, json_real(v->points[i]));
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
        fprintf(h->out, "  [%s] %g/%g\n", scn_verdict_name(fb->verdict), fb->points,
                fb->max_points);
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
