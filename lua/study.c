#include "lua/study.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/answer.h"
#include "learn/review.h"
#include "pack/hash.h"
#include "pack/jsonfile.h"

/* --- the review queue ------------------------------------------------------ */

static bool study_review_copy(void *ud, const store_review *r)
{
    review_state *st = ud;
    st->due_at = r->due_at;
    st->interval_days = r->interval_days;
    st->reps = r->reps;
    st->lapses = r->lapses;
    return true;
}

bool study_review_record(const study *s, const char *pack_id, const char *item_id, const char *kind,
                         const char *topic, quiz_verdict grade, store_error *err)
{
    review_state st = {0};
    bool found;
    if (!store_review_get(s->db, s->learner, pack_id, item_id, study_review_copy, &st, &found, err))
        return false;
    review_grade g = grade == GRADE_CORRECT   ? REVIEW_CORRECT
                     : grade == GRADE_PARTIAL ? REVIEW_PARTIAL
                                              : REVIEW_WRONG;
    review_update(&st, !found, g, store_now_ms());
    store_review r = {.pack_id = pack_id,
                      .item_id = item_id,
                      .kind = kind,
                      .topic = topic,
                      .due_at = st.due_at,
                      .interval_days = st.interval_days,
                      .reps = st.reps,
                      .lapses = st.lapses,
                      .last_verdict = quiz_verdict_name(grade)};
    return store_review_put(s->db, s->learner, &r, err);
}

/* --- scenarios ------------------------------------------------------------- */

/* The stored answers of an open attempt, to replay them. */
typedef struct study_replay {
    char **items;
    size_t n;
    int stored_steps;
    double score, max_score;
} study_replay;

static bool study_replay_collect(void *ud, const store_answer *a)
{
    study_replay *r = ud;
    static const char *const kinds[] = {"choose", "choose_many", "number", "input"};
    r->stored_steps = a->step;
    r->score += a->points;
    r->max_score += a->max_points;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(a->kind, kinds[i]) != 0) continue;
        char **grown = realloc(r->items, (r->n + 1) * sizeof *grown);
        if (!grown) return false;
        r->items = grown;
        r->items[r->n] = strdup(a->answer);
        if (!r->items[r->n]) return false;
        r->n++;
    }
    return true;
}

static void study_replay_free(study_replay *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i]);
    free(r->items);
    memset(r, 0, sizeof *r);
}

static bool study_open_seed(void *ud, const store_attempt *a)
{
    ((study_open *)ud)->seed = (uint64_t)a->seed;
    return true;
}

bool study_find_open(const study *s, const pack *p, const scn_meta *meta, study_open *out,
                     store_error *err)
{
    memset(out, 0, sizeof *out);
    out->attempt =
        store_open_attempt(s->db, "scenario", p->id, meta->id, study_open_seed, out, err);
    if (!out->attempt) return true;
    study_replay r = {0};
    bool ok = store_each_answer(s->db, out->attempt, study_replay_collect, &r, err);
    out->answers = r.n;
    out->score = r.score;
    out->max_score = r.max_score;
    study_replay_free(&r);
    return ok;
}

bool study_abandon(const study *s, const study_open *o, store_error *err)
{
    return !o->attempt ||
           store_attempt_finish(s->db, o->attempt, "quit", o->score, o->max_score, err);
}

typedef struct study_play_state {
    const study *s;
    const pack *p;
    const scn_meta *meta;
    const study_play_opts *o;
    study_play_result *r;
} study_play_state;

static bool study_on_step(void *ud, const scn_step *st)
{
    study_play_state *ps = ud;
    if (st->replayed) return true; /* stored when it was first answered */
    store_answer ans = {
        .attempt = ps->r->attempt,
        .step = st->n,
        .item_id = st->id,
        .kind = st->kind,
        .prompt = st->prompt,
        .answer = st->answer,
        .verdict = scn_verdict_name(st->verdict),
        .points = st->points,
        .max_points = st->max_points,
        .antipatterns = st->antipatterns,
        .topic = ps->meta->topics,
    };
    if (!store_answer_add(ps->s->db, &ans, &ps->r->err)) return false;
    if (ps->o->observe) ps->o->observe(ps->o->observe_ud, st);
    if (st->verdict == FE_UNSCORED || strcmp(st->kind, "award") == 0) return true;
    /* A scored step joins the review queue; a miss is due at once. */
    char item[400];
    snprintf(item, sizeof item, "%s#%s", ps->meta->id, st->id);
    quiz_verdict g = st->verdict == FE_CORRECT   ? GRADE_CORRECT
                     : st->verdict == FE_PARTIAL ? GRADE_PARTIAL
                                                 : GRADE_WRONG;
    return study_review_record(ps->s, ps->p->id, item, "step", ps->meta->topics, g, &ps->r->err);
}

/* A completed scenario is closed in the store before its debrief shows
 * the score. */
static bool study_play_end(void *ud, const scn_result *res)
{
    study_play_state *ps = ud;
    if (res->status != SCN_COMPLETED) return true;
    return store_attempt_finish(ps->s->db, ps->r->attempt, "completed", res->score, res->max_score,
                                &ps->r->err);
}

scn_status study_play(const study *s, const pack *p, const pack_file *f, const scn_meta *meta,
                      const study_play_opts *o, study_play_result *r)
{
    memset(r, 0, sizeof *r);
    study_replay replay = {0};
    r->seed = o->seed;
    if (o->resume && o->resume->attempt) {
        r->attempt = o->resume->attempt;
        r->seed = o->resume->seed;
        if (!store_each_answer(s->db, r->attempt, study_replay_collect, &replay, &r->err)) {
            study_replay_free(&replay);
            return r->status = SCN_HOOK_FAILED;
        }
    } else {
        char hash[17] = "";
        char *text;
        size_t len;
        pack_diag ignored;
        if (pack_read_file(f->path, f->display, &text, &len, &ignored, NULL)) {
            pack_hash_hex(pack_hash(PACK_HASH_SEED, text, len), hash);
            free(text);
        }
        store_attempt at = {.session = s->session,
                            .kind = "scenario",
                            .pack_id = p->id,
                            .pack_version = p->version,
                            .item_id = meta->id,
                            .title = meta->title,
                            .seed = (int64_t)r->seed,
                            .content_hash = hash};
        r->attempt = store_attempt_begin(s->db, &at, &r->err);
        if (!r->attempt) return r->status = SCN_HOOK_FAILED;
    }
    r->started = true;
    r->replayed = replay.n;
    study_play_state ps = {s, p, meta, o, r};
    scn_config cfg = {
        .seed = r->seed,
        .fe = o->fe,
        .catalog = s->catalog,
        .on_step = study_on_step,
        .ud = &ps,
        .print = o->print,
        .print_ud = o->print_ud,
        .replay = (const char *const *)replay.items,
        .nreplay = replay.n,
        .stored_steps = replay.stored_steps,
    };
    cfg.on_end = study_play_end;
    r->status = scn_play(f->path, f->display, &cfg, &r->scn);
    study_replay_free(&replay);
    /* A failed attempt is closed too (a completed one was, before its
     * debrief); one the learner left stays open, to be resumed. */
    if (r->status == SCN_SCRIPT_ERROR &&
        !store_attempt_finish(s->db, r->attempt, "failed", r->scn.score, r->scn.max_score, &r->err))
        r->status = SCN_HOOK_FAILED;
    return r->status;
}

void study_play_result_free(study_play_result *r)
{
    scn_result_free(&r->scn);
}

/* --- quizzes --------------------------------------------------------------- */

typedef struct study_quiz_state {
    const study *s;
    const pack *p;
    const study_quiz_opts *o;
    study_quiz_result *r;
} study_quiz_state;

static bool study_on_answer(void *ud, const quiz_answer *qa)
{
    study_quiz_state *qs = ud;
    /* The anti-patterns of the picked choices. */
    char anti[256] = "";
    bool picked[26] = {false};
    size_t used = 0;
    if (qa->q->nchoices) {
        char why[64];
        answer_parse_choice(qa->answer, qa->q->nchoices, true, picked, why, sizeof why);
        for (size_t i = 0; i < qa->q->nchoices && i < 26; i++) {
            const char *id = qa->q->choices[i].antipattern;
            if (!picked[i] || !id) continue;
            int w = snprintf(anti + used, sizeof anti - used, "%s%s", used ? "," : "", id);
            if (w > 0 && (size_t)w < sizeof anti - used) used += (size_t)w;
        }
    }
    const char *topic = qa->q->topic ? qa->q->topic : "";
    store_answer ans = {.attempt = qs->r->attempt,
                        .step = qa->n,
                        .item_id = qa->q->id,
                        .kind = "question",
                        .prompt = qa->q->prompt,
                        .answer = qa->answer,
                        .verdict = quiz_verdict_name(qa->grade->verdict),
                        .points = qa->grade->points,
                        .max_points = 1,
                        .antipatterns = anti,
                        .content_hash = qa->q->hash,
                        .topic = topic};
    if (!store_answer_add(qs->s->db, &ans, &qs->r->err)) return false;
    if (qs->o->observe) qs->o->observe(qs->o->observe_ud, qa);
    return study_review_record(qs->s, qs->p->id, qa->q->id, "question", topic, qa->grade->verdict,
                               &qs->r->err);
}

typedef struct study_due {
    review_due items[512];
    char ids[512][128], kinds[512][16], topics[512][256];
    size_t n;
    const char *pack_id;
} study_due;

static bool study_due_collect(void *ud, const store_review *r)
{
    study_due *d = ud;
    if (strcmp(r->pack_id, d->pack_id) != 0) return true;
    if (d->n >= 512) return false;
    snprintf(d->ids[d->n], sizeof d->ids[0], "%s", r->item_id);
    snprintf(d->kinds[d->n], sizeof d->kinds[0], "%s", r->kind);
    snprintf(d->topics[d->n], sizeof d->topics[0], "%s", r->topic);
    d->items[d->n] = (review_due){d->ids[d->n], d->kinds[d->n], d->topics[d->n]};
    d->n++;
    return true;
}

/* The questions a review quiz asks: what is due in this pack, in order. */
static size_t study_review_order(const study *s, const pack *p, const question_bank *bank,
                                 size_t count, size_t *order, store_error *err)
{
    study_due *d = calloc(1, sizeof *d);
    if (!d) return 0;
    d->pack_id = p->id;
    size_t n = 0;
    if (store_each_review(s->db, s->learner, store_now_ms(), study_due_collect, d, err))
        n = review_pick(bank, d->items, d->n, count, order);
    free(d);
    return n;
}

size_t study_review_count(const study *s, const pack *p, const question_bank *bank, size_t count,
                          store_error *err)
{
    size_t *order = calloc(bank->count + 1, sizeof *order);
    size_t n = order ? study_review_order(s, p, bank, count, order, err) : 0;
    free(order);
    return n;
}

/* The quiz's end, stored before the debrief shows its score. A timed exam
 * that ran out is over, and marked out of all its questions. */
static bool study_quiz_end(void *ud, const quiz_result *q)
{
    study_quiz_state *qs = ud;
    double max = q->status == QUIZ_TIME_UP ? (double)q->drawn : (double)q->asked;
    return store_attempt_finish(qs->s->db, qs->r->attempt, "completed", q->score, max, &qs->r->err);
}

static int64_t study_now(void *ud)
{
    (void)ud;
    return store_now_ms();
}

quiz_status study_quiz(const study *s, const pack *p, const question_bank *bank,
                       const study_quiz_opts *o, study_quiz_result *r)
{
    memset(r, 0, sizeof *r);
    char item[300];
    snprintf(item, sizeof item, "quiz:%s", p->id);
    store_attempt at = {.session = s->session,
                        .kind = "quiz",
                        .pack_id = p->id,
                        .pack_version = p->version,
                        .item_id = item,
                        .title = p->title,
                        .seed = (int64_t)o->seed,
                        .mode = quiz_mode_name(o->mode)};
    r->attempt = store_attempt_begin(s->db, &at, &r->err);
    if (!r->attempt) return r->status = QUIZ_HOOK_FAILED;
    r->started = true;
    study_quiz_state qs = {s, p, o, r};
    quiz_config cfg = {.bank = bank,
                       .count = o->count,
                       .seed = o->seed,
                       .mode = o->mode,
                       .fe = o->fe,
                       .catalog = s->catalog,
                       .on_answer = study_on_answer,
                       .ud = &qs,
                       .title = o->title ? o->title : p->title};
    size_t *order = NULL;
    if (o->mode == QUIZ_REVIEW || o->blueprint) {
        order = calloc(bank->count + 1, sizeof *order);
        if (!order) return r->status = QUIZ_HOOK_FAILED;
        cfg.order = order;
    }
    if (o->mode == QUIZ_REVIEW) {
        r->review_due = study_review_order(s, p, bank, o->count, order, &r->err);
        cfg.norder = r->review_due;
    } else if (o->blueprint) {
        const pack_blueprint *b = o->blueprint;
        quiz_draw_blueprint(bank, (const char *const *)b->domains, b->weights, b->ndomains,
                            o->count, o->seed, order, &cfg.norder);
    }
    cfg.time_limit_ms = o->time_limit_ms;
    cfg.now = study_now;
    cfg.on_end = study_quiz_end;
    r->status = quiz_run(&cfg, &r->quiz);
    free(order);
    return r->status;
}
