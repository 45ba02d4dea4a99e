/* A practice quiz from the terminal app: the composition of `bdw quiz`
 * (cli/cmd_quiz.c) with the curses front end; each answer is stored before
 * the next question is shown. */
#include <stdio.h>
#include <string.h>

#include "lua/study.h"
#include "tui/frontend.h"
#include "tui/tui_int.h"

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
    char title[300];
    snprintf(title, sizeof title, "Quiz: %s", p->title);
    tui_fe *f = tui_fe_new(t->crt, title, "quiz");
    if (!f) {
        question_bank_free(&bank);
        return;
    }
    frontend fe = tui_fe_frontend(f);
    study s = {.db = t->opts->db, .session = t->opts->session, .learner = t->opts->learner,
               .catalog = &t->opts->packs->catalog};
    study_quiz_opts o = {.count = TUI_QUIZ_COUNT, .seed = tui_fresh_seed(), .mode = QUIZ_PRACTICE,
                         .fe = &fe, .title = title};
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
