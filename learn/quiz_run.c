#include "learn/quiz_run.h"

#include "learn/answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *quiz_status_name(quiz_status s)
{
    static const char *const names[] = {"completed", "quit", "incomplete", "bad-answer",
                                        "store-error"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *quiz_mode_name(quiz_mode m) { return m == QUIZ_EXAM ? "exam" : "practice"; }

static fe_verdict quiz_fe_verdict(quiz_verdict v)
{
    return v == GRADE_CORRECT ? FE_CORRECT : v == GRADE_PARTIAL ? FE_PARTIAL : FE_WRONG;
}

/* Asks one question until it gets a readable answer (a person) or fails (an
 * answers file). */
static fe_status quiz_ask(const quiz_config *cfg, const question *q, quiz_grade *g, char *why,
                          size_t why_cap)
{
    const frontend *fe = cfg->fe;
    for (int tries = 0;; tries++) {
        char answer[1024] = "";
        fe_status st;
        if (q->type == QUESTION_NUMERIC || q->type == QUESTION_TEXT) {
            st = fe->input(fe->ud, q->prompt, q->type == QUESTION_NUMERIC ? "a number" : NULL,
                           answer, sizeof answer);
        } else {
            const char *labels[26];
            bool picked[26] = {false};
            for (size_t i = 0; i < q->nchoices; i++) labels[i] = q->choices[i].text;
            st = fe->choose(fe->ud, q->prompt, labels, q->nchoices, q->type == QUESTION_MULTIPLE,
                            picked);
            if (st == FE_OK) answer_format_choice(picked, q->nchoices, answer, sizeof answer);
        }
        if (st == FE_HINT) {
            /* Quizzes are practice for the exam: no hints. */
            if (fe->say) fe->say(fe->ud, FE_SAY_NOTICE, "No hints in a quiz.");
            if (tries < 4) continue;
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

quiz_status quiz_run(const quiz_config *cfg, quiz_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n = cfg->bank->count;
    size_t *order = calloc(n + 1, sizeof *order);
    size_t drawn = 0;
    if (!order || !quiz_draw(cfg->bank, cfg->count, cfg->seed, order, &drawn)) {
        free(order);
        snprintf(out->error, sizeof out->error, "out of memory");
        return out->status = QUIZ_HOOK_FAILED;
    }
    out->status = QUIZ_COMPLETED;
    for (size_t i = 0; i < drawn; i++) {
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
        if (st != FE_OK) {
            out->status = st == FE_QUIT ? QUIZ_QUIT
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
        if (cfg->mode == QUIZ_PRACTICE) quiz_feedback(cfg, q, &g, picked);
        quiz_answer a = {(int)i + 1, q, g.canonical, &g};
        if (cfg->on_answer && !cfg->on_answer(cfg->ud, &a)) {
            snprintf(out->error, sizeof out->error, "the answer could not be saved");
            out->status = QUIZ_HOOK_FAILED;
            break;
        }
    }
    free(order);
    if (cfg->fe->debrief && (out->status == QUIZ_COMPLETED || out->status == QUIZ_QUIT)) {
        fe_debrief d = {cfg->title ? cfg->title : "Quiz", out->score, (double)out->asked, NULL, 0,
                        out->status == QUIZ_COMPLETED};
        cfg->fe->debrief(cfg->fe->ud, &d);
    }
    return out->status;
}
