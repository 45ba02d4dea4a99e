#include "learn/quiz_run.h"

#include "learn/answer.h"
#include "pack/hash.h"
#include "sim/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *quiz_status_name(quiz_status s)
{
    static const char *const names[] = {"completed",  "quit",        "incomplete",
                                        "bad-answer", "store-error", "time-up"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *quiz_mode_name(quiz_mode m)
{
    return m == QUIZ_EXAM ? "exam" : m == QUIZ_REVIEW ? "review" : "practice";
}

static fe_verdict quiz_fe_verdict(quiz_verdict v)
{
    return v == GRADE_CORRECT ? FE_CORRECT : v == GRADE_PARTIAL ? FE_PARTIAL : FE_WRONG;
}

/* The order in which a question's choices are shown: shuffled (as in the
 * exam, so the right answer's position teaches nothing), the same for the same
 * seed and question wherever it falls in the draw. */
static void quiz_choice_order(const quiz_config *cfg, const question *q, size_t *perm)
{
    for (size_t i = 0; i < q->nchoices; i++)
        perm[i] = i;
    if (q->keep_order || q->nchoices < 2) return;
    uint64_t seed = pack_hash_str(cfg->seed ^ PACK_HASH_SEED, q->id);
    sim_rng *r = sim_rng_new(seed);
    if (!r) return;
    for (size_t i = q->nchoices - 1; i > 0; i--) {
        size_t j = (size_t)sim_rng_range(r, 0, (int64_t)i);
        size_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    sim_rng_free(r);
}

/* Asks one question until it gets a readable answer (a person) or fails (an
 * answers file). */
static fe_status quiz_ask(const quiz_config *cfg, const question *q, quiz_grade *g, char *why,
                          size_t why_cap)
{
    const frontend *fe = cfg->fe;
    size_t perm[26];
    quiz_choice_order(cfg, q, perm);
    for (int tries = 0;; tries++) {
        char answer[1024] = "";
        fe_status st;
        if (q->type == QUESTION_NUMERIC || q->type == QUESTION_TEXT) {
            st = fe->input(fe->ud, q->prompt, q->type == QUESTION_NUMERIC ? "a number" : NULL,
                           answer, sizeof answer);
        } else {
            const char *labels[26];
            bool shown[26] = {false}, picked[26] = {false};
            for (size_t i = 0; i < q->nchoices; i++)
                labels[i] = q->choices[perm[i]].text;
            st = fe->choose(fe->ud, q->prompt, labels, q->nchoices, q->type == QUESTION_MULTIPLE,
                            shown);
            /* Grade and store in the bank's own order. */
            for (size_t i = 0; i < q->nchoices; i++)
                picked[perm[i]] = shown[i];
            if (st == FE_OK) answer_format_choice(picked, q->nchoices, answer, sizeof answer);
        }
        if (st == FE_HINT) {
            /* Quizzes are practice for the exam: no hints. */
            if (fe->say) fe->say(fe->ud, FE_SAY_NOTICE, "No hints in a quiz.");
            if (tries < 4) continue;
            snprintf(why, why_cap, "no hints in a quiz: '?' was answered %d times", tries + 1);
            return FE_BAD;
        }
        if (st != FE_OK) return st;
        if (quiz_grade_answer(q, answer, g, why, why_cap)) return FE_OK;
        if (fe->strict || tries >= 4) return FE_BAD;
        if (fe->say) fe->say(fe->ud, FE_SAY_NOTICE, why);
    }
}

static void quiz_feedback(const quiz_config *cfg, const question *q, const quiz_grade *g,
                          const bool *picked_anti)
{
    const frontend *fe = cfg->fe;
    if (!fe->feedback) return;
    fe_antipattern anti[26];
    size_t nanti = 0;
    char expl[4096];
    size_t used = 0;
    expl[0] = '\0';
    for (size_t i = 0; i < q->nchoices; i++) {
        if (!picked_anti[i]) continue;
        const question_choice *c = &q->choices[i];
        if (c->why) {
            int w = snprintf(expl + used, sizeof expl - used, "%s\n", c->why);
            if (w > 0 && (size_t)w < sizeof expl - used) used += (size_t)w;
        }
        if (c->antipattern) {
            const antipattern *a = catalog_find(cfg->catalog, c->antipattern);
            anti[nanti++] = (fe_antipattern){c->antipattern, a ? a->title : c->antipattern,
                                             a ? a->why : NULL, a ? a->instead : NULL};
        }
    }
    snprintf(expl + used, sizeof expl - used, "%s", q->explanation ? q->explanation : "");
    fe_feedback fb = {quiz_fe_verdict(g->verdict), g->points, 1.0, expl, anti, nanti};
    fe->feedback(fe->ud, &fb);
}

/* A timed exam is over: what was not answered counts as wrong. */
static void time_up(const quiz_config *cfg, quiz_result *out)
{
    if (cfg->fe->say)
        cfg->fe->say(cfg->fe->ud, FE_SAY_NOTICE,
                     "Time is up: the questions not answered count as wrong.");
    out->status = QUIZ_TIME_UP;
}

quiz_status quiz_run(const quiz_config *cfg, quiz_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n = cfg->bank->count;
    size_t *order = calloc(n + 1, sizeof *order);
    size_t drawn = 0;
    if (order && cfg->order) {
        drawn = cfg->norder < n ? cfg->norder : n;
        memcpy(order, cfg->order, drawn * sizeof *order);
    } else if (!order || !quiz_draw(cfg->bank, cfg->count, cfg->seed, order, &drawn)) {
        free(order);
        snprintf(out->error, sizeof out->error, "out of memory");
        return out->status = QUIZ_HOOK_FAILED;
    }
    out->status = QUIZ_COMPLETED;
    out->drawn = drawn;
    int64_t start = cfg->now ? cfg->now(cfg->now_ud) : 0;
    for (size_t i = 0; i < drawn; i++) {
        if (cfg->time_limit_ms > 0 && cfg->now &&
            cfg->now(cfg->now_ud) - start >= cfg->time_limit_ms) {
            time_up(cfg, out);
            break;
        }
        const question *q = &cfg->bank->items[order[i]];
        if (cfg->fe->say) {
            char head[64];
            snprintf(head, sizeof head, "Question %zu of %zu", i + 1, drawn);
            cfg->fe->say(cfg->fe->ud, FE_SAY_NOTICE, head);
        }
        quiz_grade g;
        char why[256] = "";
        out->asked++;
        fe_status st = quiz_ask(cfg, q, &g, why, sizeof why);
        if (st == FE_TIMEOUT) { /* the front end's clock ran out: this one is unanswered */
            time_up(cfg, out);
            break;
        }
        if (st != FE_OK) {
            out->status = st == FE_QUIT  ? QUIZ_QUIT
                          : st == FE_EOF ? QUIZ_OUT_OF_ANSWERS
                                         : QUIZ_BAD_ANSWER;
            snprintf(out->error, sizeof out->error, "%s", why);
            break;
        }
        out->answered++;
        out->score += g.points;
        out->correct += g.verdict == GRADE_CORRECT;
        bool picked[26] = {0};
        if (q->nchoices) {
            char ignored[64];
            answer_parse_choice(g.canonical, q->nchoices, true, picked, ignored, sizeof ignored);
        }
        /* Stored first, told after: "correct" is never shown for an answer
         * that is not on disk. When it cannot be stored the quiz stops with
         * no feedback for it (the hook's error says why). */
        quiz_answer a = {(int)i + 1, q, g.canonical, &g};
        if (cfg->on_answer && !cfg->on_answer(cfg->ud, &a)) {
            snprintf(out->error, sizeof out->error, "the answer could not be saved");
            out->status = QUIZ_HOOK_FAILED;
            break;
        }
        if (cfg->mode != QUIZ_EXAM) quiz_feedback(cfg, q, &g, picked);
    }
    free(order);
    bool ended = out->status == QUIZ_COMPLETED || out->status == QUIZ_TIME_UP;
    /* The end is stored before the debrief shows the score, for the same
     * reason. */
    if (ended && cfg->on_end && !cfg->on_end(cfg->ud, out)) {
        snprintf(out->error, sizeof out->error, "the result could not be saved");
        out->status = QUIZ_HOOK_FAILED;
        ended = false;
    }
    if (cfg->fe->debrief && (ended || out->status == QUIZ_QUIT)) {
        /* A timed exam is marked out of every question in it. */
        double max = out->status == QUIZ_TIME_UP ? (double)drawn : (double)out->asked;
        fe_debrief d = {cfg->title ? cfg->title : "Quiz", out->score, max, NULL, 0, ended};
        cfg->fe->debrief(cfg->fe->ud, &d);
    }
    return out->status;
}
