/* A practice quiz from the terminal app: the composition of `bdw quiz`
 * (cli/cmd_quiz.c) with the curses front end; each answer is stored before
 * the next question is shown. */
#include <stdio.h>
#include <string.h>

#include "learn/answer.h"
#include "learn/quiz_run.h"
#include "tui/frontend.h"
#include "tui/tui_int.h"

typedef struct quiz_state {
    store *db;
    int64_t attempt;
    store_error err;
} quiz_state;

static bool quiz_on_answer(void *ud, const quiz_answer *qa)
{
    quiz_state *qs = ud;
    if (!qs->db) return true;
    /* The anti-patterns of the picked choices, as the CLI stores them. */
    char anti[256] = "";
    bool picked[26] = {0};
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
    store_answer ans = {.attempt = qs->attempt,
                        .step = qa->n,
                        .item_id = qa->q->id,
                        .kind = "question",
                        .prompt = qa->q->prompt,
                        .answer = qa->answer,
                        .verdict = quiz_verdict_name(qa->grade->verdict),
                        .points = qa->grade->points,
                        .max_points = 1,
                        .antipatterns = anti};
    return store_answer_add(qs->db, &ans, &qs->err);
}

void tui_quiz(tui *t, const pack *p)
{
    question_bank bank = {0};
    pack_diag d = {0};
    if (!pack_load_questions(p, &bank, &d) || bank.count == 0) {
        char msg[1400];
        if (!d.message[0])
            snprintf(msg, sizeof msg, "The pack '%s' has no questions.", p->id);
        else
            pack_diag_format(&d, msg, sizeof msg);
        widget_message(t->crt, t->paint, t->paint_ud, "Quiz", msg);
        question_bank_free(&bank);
        return;
    }
    uint64_t seed = tui_fresh_seed();
    quiz_state qs = {.db = t->opts->db};
    if (qs.db) {
        char item[300];
        snprintf(item, sizeof item, "quiz:%s", p->id);
        store_attempt at = {.session = t->opts->session,
                            .kind = "quiz",
                            .pack_id = p->id,
                            .pack_version = p->version,
                            .item_id = item,
                            .title = p->title,
                            .seed = (int64_t)seed,
                            .mode = quiz_mode_name(QUIZ_PRACTICE)};
        qs.attempt = store_attempt_begin(qs.db, &at, &qs.err);
        if (!qs.attempt) {
            widget_message(t->crt, t->paint, t->paint_ud, "Progress store", qs.err.message);
            question_bank_free(&bank);
            return;
        }
    }
    char title[300];
    snprintf(title, sizeof title, "Quiz: %s", p->title);
    tui_fe *f = tui_fe_new(t->crt, title, "quiz");
    if (!f) {
        question_bank_free(&bank);
        return;
    }
    frontend fe = tui_fe_frontend(f);
    quiz_config cfg = {.bank = &bank,
                       .count = TUI_QUIZ_COUNT,
                       .seed = seed,
                       .mode = QUIZ_PRACTICE,
                       .fe = &fe,
                       .catalog = &t->opts->packs->catalog,
                       .on_answer = quiz_on_answer,
                       .ud = &qs,
                       .title = title};
    quiz_result r;
    quiz_status st = quiz_run(&cfg, &r);
    if (qs.db && st == QUIZ_COMPLETED &&
        !store_attempt_finish(qs.db, qs.attempt, "completed", r.score, (double)r.asked, &qs.err))
        st = QUIZ_HOOK_FAILED;
    if (st == QUIZ_HOOK_FAILED || st == QUIZ_BAD_ANSWER) {
        char msg[1600];
        snprintf(msg, sizeof msg, "The quiz stopped: %s",
                 qs.err.message[0] ? qs.err.message : r.error);
        widget_message(t->crt, t->paint, t->paint_ud, "Quiz", msg);
    }
    tui_fe_free(f);
    question_bank_free(&bank);
}
