/* Quizzes from the terminal app: a practice quiz, a timed mock exam by one
 * of the pack's blueprints, and a review of what is due. Each is the
 * composition of `bdw quiz` (cli/cmd_quiz.c) with the curses front end:
 * every answer is stored before the next question is shown. */
#include <stdio.h>
#include <string.h>

#include "lua/study.h"
#include "tui/frontend.h"
#include "tui/tui_int.h"

/* Loads the pack's questions; false (with a message shown) when it has none
 * or they cannot be read. */
static bool quiz_bank(tui *t, const pack *p, question_bank *bank)
{
    pack_diag d = {0};
    if (pack_load_questions(p, bank, &d) && bank->count > 0) return true;
    char msg[1400];
    if (!d.message[0])
        snprintf(msg, sizeof msg, "The pack '%s' has no questions.", p->id);
    else
        pack_diag_format(&d, msg, sizeof msg);
    widget_message(t->crt, t->paint, t->paint_ud, "Quiz", msg);
    question_bank_free(bank);
    return false;
}

static study tui_study(tui *t)
{
    return (study){.db = t->opts->db,
                   .session = t->opts->session,
                   .learner = t->opts->learner,
                   .catalog = &t->opts->packs->catalog};
}

void tui_quiz(tui *t, const pack *p, quiz_mode mode, const pack_blueprint *bp)
{
    question_bank bank = {0};
    if (!quiz_bank(t, p, &bank)) return;
    study s = tui_study(t);
    size_t count = bp ? (size_t)bp->count : TUI_QUIZ_COUNT;
    if (mode == QUIZ_REVIEW) {
        store_error err = {0};
        count = TUI_REVIEW_COUNT;
        if (study_review_count(&s, p, &bank, count, &err) == 0) {
            char msg[1200];
            if (err.message[0])
                snprintf(msg, sizeof msg, "The review queue cannot be read: %s", err.message);
            else
                snprintf(msg, sizeof msg,
                         "Nothing in '%s' is due for review now. What you miss in its quizzes "
                         "and scenarios comes back here, and what you get right comes back "
                         "later and later.",
                         p->title);
            widget_message(t->crt, t->paint, t->paint_ud, "Review", msg);
            question_bank_free(&bank);
            return;
        }
    }
    char title[400];
    if (bp)
        snprintf(title, sizeof title, "Mock exam: %s", bp->title);
    else if (mode == QUIZ_REVIEW)
        snprintf(title, sizeof title, "Review: %s", p->title);
    else
        snprintf(title, sizeof title, "Quiz: %s", p->title);
    tui_fe *f = tui_fe_new(t->crt, title, bp ? "exam" : "quiz");
    if (!f) {
        question_bank_free(&bank);
        return;
    }
    frontend fe = tui_fe_frontend(f);
    int64_t limit = bp && bp->minutes > 0 ? (int64_t)bp->minutes * 60000 : 0;
    if (bp) {
        char intro[300];
        if (limit)
            snprintf(intro, sizeof intro,
                     "%d questions, %d minute%s, no feedback until the end. The clock is in "
                     "the top bar; when it runs out, what is not answered counts as wrong.",
                     bp->count, bp->minutes, bp->minutes == 1 ? "" : "s");
        else
            snprintf(intro, sizeof intro, "%d questions, untimed, no feedback until the end.",
                     bp->count);
        tui_fe_note(f, CRT_NOTICE, intro);
    }
    tui_fe_set_deadline(f, limit);
    study_quiz_opts o = {.count = count,
                         .seed = tui_fresh_seed(),
                         .mode = mode,
                         .fe = &fe,
                         .title = title,
                         .blueprint = bp,
                         .time_limit_ms = limit};
    study_quiz_result r;
    quiz_status st = study_quiz(&s, p, &bank, &o, &r);
    if (st == QUIZ_HOOK_FAILED || st == QUIZ_BAD_ANSWER) {
        char msg[1600];
        snprintf(msg, sizeof msg, "The quiz stopped: %s",
                 r.err.message[0] ? r.err.message : r.quiz.error);
        widget_message(t->crt, t->paint, t->paint_ud, "Quiz", msg);
    }
    tui_fe_free(f);
    question_bank_free(&bank);
}
