/* The progress screen: every attempt in the store (newest first) as a table,
 * then totals per pack. It only reads the store; it decides nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/tui_int.h"
#include "tui/view.h"

#define PROGRESS_COLS 7

typedef struct progress_row {
    char *cells[PROGRESS_COLS];
    char *pack;
    bool completed, open;
    double score, max_score;
} progress_row;

typedef struct progress {
    progress_row *rows;
    size_t n, cap;
    bool utf8;
    bool failed;
} progress;

static char *progress_dup(const char *s)
{
    return strdup(s ? s : "");
}

static bool progress_attempt(void *ud, const store_attempt *a)
{
    progress *pr = ud;
    if (pr->n == pr->cap) {
        size_t cap = pr->cap ? pr->cap * 2 : 32;
        progress_row *grown = realloc(pr->rows, cap * sizeof *grown);
        if (!grown) return false;
        pr->rows = grown;
        pr->cap = cap;
    }
    progress_row *r = &pr->rows[pr->n++];
    memset(r, 0, sizeof *r);
    char when[32] = "", score[64], answers[32], id[32];
    time_t secs = (time_t)(a->started_at / 1000);
    struct tm tm;
    if (localtime_r(&secs, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    snprintf(score, sizeof score, "%g/%g", a->score, a->max_score);
    snprintf(answers, sizeof answers, "%lld", (long long)a->answers);
    const char *cells[PROGRESS_COLS] = {id,        when,
                                        a->kind,   a->title && a->title[0] ? a->title : a->item_id,
                                        a->status, strcmp(a->status, "open") == 0 ? "-" : score,
                                        answers};
    for (int c = 0; c < PROGRESS_COLS; c++)
        r->cells[c] = progress_dup(cells[c]);
    r->pack = progress_dup(a->pack_id);
    r->completed = strcmp(a->status, "completed") == 0;
    r->open = strcmp(a->status, "open") == 0;
    r->score = a->score;
    r->max_score = a->max_score;
    return true;
}

static void progress_free(progress *pr)
{
    for (size_t i = 0; i < pr->n; i++) {
        for (int c = 0; c < PROGRESS_COLS; c++)
            free(pr->rows[i].cells[c]);
        free(pr->rows[i].pack);
    }
    free(pr->rows);
}

static void progress_table(tui_lines *out, const char *const *cells, size_t rows, size_t cols,
                           bool utf8)
{
    fe_view v = {.rows = rows, .cols = cols, .cells = cells};
    view_table(out, &v, utf8);
}

/* Totals per pack, in the order the packs first appear. */
static void progress_totals(const progress *pr, tui_lines *out)
{
    size_t npacks = 0;
    const char **packs = calloc(pr->n + 1, sizeof *packs);
    char **cells = calloc((pr->n + 1) * 5, sizeof *cells);
    if (!packs || !cells) goto done;
    static const char *const head[] = {"pack", "attempts", "completed", "open", "points"};
    for (int c = 0; c < 5; c++)
        cells[c] = progress_dup(head[c]);
    for (size_t i = 0; i < pr->n; i++) {
        bool seen = false;
        for (size_t k = 0; k < npacks; k++)
            seen |= strcmp(packs[k], pr->rows[i].pack) == 0;
        if (seen) continue;
        const char *id = packs[npacks++] = pr->rows[i].pack;
        size_t attempts = 0, completed = 0, open = 0;
        double score = 0, max = 0;
        for (size_t k = 0; k < pr->n; k++) {
            if (strcmp(pr->rows[k].pack, id) != 0) continue;
            attempts++;
            open += pr->rows[k].open;
            if (!pr->rows[k].completed) continue;
            completed++;
            score += pr->rows[k].score;
            max += pr->rows[k].max_score;
        }
        char buf[4][64];
        snprintf(buf[0], sizeof buf[0], "%zu", attempts);
        snprintf(buf[1], sizeof buf[1], "%zu", completed);
        snprintf(buf[2], sizeof buf[2], "%zu", open);
        snprintf(buf[3], sizeof buf[3], "%g/%g", score, max);
        char **row = cells + npacks * 5;
        row[0] = progress_dup(id);
        for (int c = 0; c < 4; c++)
            row[c + 1] = progress_dup(buf[c]);
    }
    progress_table(out, (const char *const *)cells, npacks + 1, 5, pr->utf8);
done:
    for (size_t i = 0; cells && i < (npacks + 1) * 5; i++)
        free(cells[i]);
    free(cells);
    free(packs);
}

static void progress_build(void *ud, int width, tui_lines *out)
{
    const progress *pr = ud;
    if (pr->failed) {
        text_wrap(out, "The progress store could not be read.", width, CRT_ERROR, 0, 0);
        return;
    }
    if (pr->n == 0) {
        text_wrap(out, "Nothing yet: play a scenario or take a quiz from the home screen.", width,
                  CRT_NORMAL, 0, 0);
        return;
    }
    text_wrap(out, "Totals per pack (points of completed attempts)", width, CRT_PROMPT, 0, 0);
    progress_totals(pr, out);
    text_add_blank(out);
    text_wrap(out, "Attempts, newest first", width, CRT_PROMPT, 0, 0);
    static const char *const head[PROGRESS_COLS] = {"#",      "started", "kind",   "item",
                                                    "status", "score",   "answers"};
    const char **cells = calloc((pr->n + 1) * PROGRESS_COLS, sizeof *cells);
    if (!cells) return;
    for (int c = 0; c < PROGRESS_COLS; c++)
        cells[c] = head[c];
    for (size_t i = 0; i < pr->n; i++)
        for (int c = 0; c < PROGRESS_COLS; c++)
            cells[(i + 1) * PROGRESS_COLS + c] = pr->rows[i].cells[c];
    progress_table(out, cells, pr->n + 1, PROGRESS_COLS, pr->utf8);
    free(cells);
}

void tui_progress(tui *t)
{
    progress pr = {.utf8 = crt_utf8(t->crt)};
    store_error err;
    if (t->opts->db && !store_each_attempt(t->opts->db, progress_attempt, &pr, &err))
        pr.failed = true;
    static const tui_hint hints[] = {
        {"q Esc", "back"}, {"Up/Down PgUp/PgDn", "scroll"}, {"?", "keys"}};
    widget_pager(t->crt, "Progress", progress_build, &pr, hints, sizeof hints / sizeof hints[0]);
    progress_free(&pr);
}
