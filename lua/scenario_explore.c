/* Explores a scenario along every branch, up to a bound, with a front end
 * that answers each question in turn with each of its options. A runtime
 * error in a rarely taken branch, an unknown anti-pattern id, or a step id
 * used twice is then found by `bdw pack lint`, not by a learner. */
#include "lua/scenario_explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua/host.h"
#include "lua/scenario.h"

#define EXPLORE_MAX_DEPTH 256
/* Text answers tried at every input: the default (empty), then two numbers,
 * so numeric questions are answered both small and large. */
static const char *const explore_inputs[] = {"", "1", "100"};

typedef struct explore {
    int path[EXPLORE_MAX_DEPTH];  /* the option to take at each question */
    int arity[EXPLORE_MAX_DEPTH]; /* how many options each question had */
    int depth;                    /* questions asked in this run */
    int plen;                     /* how much of path is prescribed */
    const catalog *known, *own;
    lint_report *r;
    const char *display;
    /* Explicit step ids seen in this run, and across runs with their prompt. */
    char seen[128][96];
    int nseen;
    char ids[256][96];
    char prompts[256][128];
    int nids;
    char errors[32][300];
    int nerrors;
} explore;

static int explore_next(explore *e, int arity)
{
    if (e->depth >= EXPLORE_MAX_DEPTH) return -1;
    int k = e->depth++;
    e->arity[k] = arity;
    if (k < e->plen) return e->path[k] < arity ? e->path[k] : arity - 1;
    e->path[k] = 0;
    return 0;
}

static void ex_say(void *ud, fe_say_style s, const char *t)
{
    (void)ud;
    (void)s;
    (void)t;
}

static fe_status ex_choose(void *ud, const char *prompt, const char *const *o, size_t n, bool multi,
                           bool *picked)
{
    (void)prompt;
    (void)o;
    explore *e = ud;
    int i = explore_next(e, (int)n);
    if (i < 0) return FE_EOF;
    memset(picked, 0, n * sizeof *picked);
    picked[i] = true;
    (void)multi;
    return FE_OK;
}

static fe_status ex_input(void *ud, const char *prompt, const char *hint, char *buf, size_t cap)
{
    (void)prompt;
    (void)hint;
    explore *e = ud;
    int i = explore_next(e, (int)(sizeof explore_inputs / sizeof explore_inputs[0]));
    if (i < 0) return FE_EOF;
    snprintf(buf, cap, "%s", explore_inputs[i]);
    return FE_OK;
}

static void ex_show(void *ud, const fe_view *v)
{
    (void)ud;
    (void)v;
}

static fe_status ex_pause(void *ud, const char *t)
{
    (void)ud;
    (void)t;
    return FE_OK;
}

static bool ex_known(const explore *e, const char *id)
{
    return catalog_find(e->own, id) || catalog_find(e->known, id);
}

/* Reports a problem once, however many branches reach it. */
static void explore_report(explore *e, lint_severity sev, const char *file, int line,
                           const char *msg)
{
    char key[300];
    snprintf(key, sizeof key, "%s:%d:%s", file, line, msg);
    for (int i = 0; i < e->nerrors; i++)
        if (strcmp(e->errors[i], key) == 0) return;
    if (e->nerrors < 32) snprintf(e->errors[e->nerrors++], sizeof e->errors[0], "%s", key);
    lint_addf(e->r, sev, file, line, "%s", msg);
}

static bool ex_step(void *ud, const scn_step *st)
{
    explore *e = ud;
    const char *file = st->file ? st->file : e->display;
    char ids[512];
    snprintf(ids, sizeof ids, "%s", st->antipatterns);
    char *save = NULL;
    for (char *t = strtok_r(ids, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (ex_known(e, t)) continue;
        char msg[300];
        snprintf(msg, sizeof msg, "anti-pattern \"%s\" is in no catalog (this pack's or core's)",
                 t);
        explore_report(e, LINT_ERROR, file, st->line, msg);
    }
    if (st->auto_id) return true;
    for (int i = 0; i < e->nseen; i++) {
        if (strcmp(e->seen[i], st->id) == 0) {
            char msg[300];
            snprintf(msg, sizeof msg, "step id \"%s\" is used twice in one run", st->id);
            explore_report(e, LINT_ERROR, file, st->line, msg);
        }
    }
    if (e->nseen < 128) snprintf(e->seen[e->nseen++], sizeof e->seen[0], "%s", st->id);
    for (int i = 0; i < e->nids; i++) {
        if (strcmp(e->ids[i], st->id) != 0) continue;
        if (strncmp(e->prompts[i], st->prompt, sizeof e->prompts[0] - 1) != 0) {
            char msg[300];
            snprintf(msg, sizeof msg,
                     "step id \"%s\" asks different questions on different branches: stored "
                     "answers cannot be matched to it",
                     st->id);
            explore_report(e, LINT_WARNING, file, st->line, msg);
        }
        return true;
    }
    if (e->nids < 256) {
        snprintf(e->ids[e->nids], sizeof e->ids[0], "%s", st->id);
        snprintf(e->prompts[e->nids++], sizeof e->prompts[0], "%s", st->prompt);
    }
    return true;
}

/* Branches still to explore, breadth first: each is a prefix of answers,
 * the rest taken as the first option. Breadth first means that when the
 * budget runs out, every question has still been tried with each of its
 * options near the default path, rather than one corner explored deeply. */
typedef struct explore_queue {
    int (*paths)[EXPLORE_MAX_DEPTH];
    int *lens;
    size_t head, tail, cap;
} explore_queue;

static bool queue_push(explore_queue *q, const int *path, int len)
{
    if (q->tail == q->cap) return false; /* full: the budget is spent anyway */
    memcpy(q->paths[q->tail], path, (size_t)len * sizeof *path);
    q->lens[q->tail++] = len;
    return true;
}

/* After a run: every option not taken at the questions past the prefix
 * becomes a new branch. */
static void explore_branch(explore *e, explore_queue *q)
{
    for (int k = e->plen; k < e->depth; k++) {
        for (int j = 1; j < e->arity[k]; j++) {
            int saved = e->path[k];
            e->path[k] = j;
            queue_push(q, e->path, k + 1);
            e->path[k] = saved;
        }
    }
}

static double explore_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int scn_explore(const pack_file *f, const catalog *known, const catalog *own,
                const scn_explore_budget *budget, uint64_t seed, lint_report *r, bool *complete,
                scn_explore_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    explore *e = calloc(1, sizeof *e);
    explore_queue q = {0};
    q.cap = (size_t)budget->max_runs + 1;
    q.paths = calloc(q.cap, sizeof *q.paths);
    q.lens = calloc(q.cap, sizeof *q.lens);
    *complete = false;
    if (!e || !q.paths || !q.lens) {
        free(e);
        free(q.paths);
        free(q.lens);
        return 0;
    }
    e->known = known;
    e->own = own;
    e->r = r;
    e->display = f->display;
    frontend fe = {.ud = e,
                   .strict = true,
                   .say = ex_say,
                   .choose = ex_choose,
                   .input = ex_input,
                   .show = ex_show,
                   .pause = ex_pause};
    int runs = 0;
    bool aborted = false;
    double start = explore_now();
    queue_push(&q, e->path, 0);
    while (q.head < q.tail) {
        if (runs >= budget->max_runs ||
            (budget->seconds > 0 && explore_now() - start > budget->seconds))
            break;
        e->plen = q.lens[q.head];
        memcpy(e->path, q.paths[q.head], (size_t)e->plen * sizeof *e->path);
        q.head++;
        e->depth = 0;
        e->nseen = 0;
        scn_config cfg = {.seed = seed, .fe = &fe, .catalog = NULL, .on_step = ex_step, .ud = e};
        /* Each run has its own limits; when less than a run's time is left
         * of the whole, the run gets what is left, so lint always returns. */
        bool cut = false;
        if (budget->seconds > 0) {
            double left = budget->seconds - (explore_now() - start);
            if (left < LHOST_DEFAULT_SECONDS) {
                cfg.time_limit = left > 0.01 ? left : 0.01;
                cut = true;
            }
        }
        scn_result res;
        scn_status st = scn_play(f->path, f->display, &cfg, &res);
        runs++;
        if (res.work > stats->max_work) stats->max_work = res.work;
        if (res.memory_peak > stats->max_memory) stats->max_memory = res.memory_peak;
        if (st == SCN_SCRIPT_ERROR && cut && res.error.out_of_time &&
            strstr(res.error.message, "ran for more than")) {
            /* Stopped by the whole exploration's time, not by a limit of its
             * own: it may be a branch that never ends, or only a slow one.
             * Say so, and explore no further. */
            char msg[1400];
            snprintf(msg, sizeof msg,
                     "a run was cut short after %.1f s, when the exploration's time ran out "
                     "(%s; reached after %d answer(s)): this branch may not end; raise "
                     "--explore-seconds to see whether it does",
                     cfg.time_limit, res.error.message, e->depth);
            explore_report(e, LINT_WARNING, res.error.file[0] ? res.error.file : f->display,
                           res.error.line, msg);
            scn_result_free(&res);
            aborted = true;
            break;
        }
        if (st == SCN_SCRIPT_ERROR) {
            char msg[1200];
            snprintf(msg, sizeof msg, "%s (reached after %d answer(s))", res.error.message,
                     e->depth);
            explore_report(e, LINT_ERROR, res.error.file[0] ? res.error.file : f->display,
                           res.error.line, msg);
        }
        scn_result_free(&res);
        explore_branch(e, &q);
    }
    *complete = !aborted && q.head == q.tail;
    free(q.paths);
    free(q.lens);
    free(e);
    return runs;
}
