/* Playing a scenario from the terminal app: the same composition as
 * `bdw play` (cli/cmd_play.c, both through lua/study.h) with the curses
 * front end in place of the answers file. Every answer is stored before the next question; leaving
 * keeps the attempt open, and opening the scenario again offers to resume. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/study.h"
#include "tui/frontend.h"
#include "tui/tui_int.h"

static void play_print(void *ud, const char *text, size_t len)
{
    tui_fe *fe = ud;
    char *copy = strndup(text, len);
    if (!copy) return;
    tui_fe_note(fe, CRT_DIM, copy);
    free(copy);
}

static void play_error(tui *t, const char *title, const char *text)
{
    widget_message(t->crt, t->paint, t->paint_ud, title, text);
}

/* Asks what to do with an unfinished attempt: 'r' resume, 'n' start over,
 * or 0 to go back. */
static int play_ask_resume(tui *t, const scn_meta *meta, size_t answered)
{
    char text[1024];
    snprintf(text, sizeof text,
             "You left \"%s\" before the end, with %zu answer%s kept.\n\n"
             "r / Enter   resume where you left off\n"
             "n           start a new attempt\n"
             "Esc         back",
             meta->title, answered, answered == 1 ? "" : "s");
    char accept[] = {'r', 'R', 'n', 'N', '\r', '\n', 'q', CRT_ESC, '\0'};
    int k = widget_ask(t->crt, t->paint, t->paint_ud, "Resume?", text,
                       "r: resume  n: new  Esc: back", accept);
    if (k == 'r' || k == 'R' || k == '\r' || k == '\n') return 'r';
    if (k == 'n' || k == 'N') return 'n';
    return 0;
}

static study tui_study(tui *t)
{
    return (study){.db = t->opts->db,
                   .session = t->opts->session,
                   .learner = t->opts->learner,
                   .catalog = &t->opts->packs->catalog};
}

void tui_play(tui *t, const pack *p, const pack_file *f, const scn_meta *meta)
{
    study s = tui_study(t);
    study_open open;
    store_error err;
    if (!study_find_open(&s, p, meta, &open, &err)) {
        play_error(t, "Progress store", err.message);
        return;
    }
    int choice = open.attempt ? play_ask_resume(t, meta, open.answers) : 'n';
    if (choice == 0) return;
    /* Starting over closes the old attempt, so that it stops being offered
     * for resuming and its score still counts as given. */
    if (choice == 'n' && !study_abandon(&s, &open, &err)) {
        play_error(t, "Progress store", err.message);
        return;
    }
    tui_fe *fe = tui_fe_new(t->crt, meta->title, "scenario");
    if (!fe) return;
    if (choice == 'r' && open.answers) {
        char note[160];
        snprintf(note, sizeof note, "Resumed where you left off: %zu answer%s replayed.",
                 open.answers, open.answers == 1 ? "" : "s");
        tui_fe_note(fe, CRT_NOTICE, note);
    }
    frontend front = tui_fe_frontend(fe);
    study_play_opts o = {.seed = tui_fresh_seed(),
                         .resume = choice == 'r' ? &open : NULL,
                         .fe = &front,
                         .print = play_print,
                         .print_ud = fe};
    study_play_result r;
    scn_status st = study_play(&s, p, f, meta, &o, &r);
    char msg[4096];
    if (st == SCN_SCRIPT_ERROR || st == SCN_BAD_ANSWER) {
        snprintf(msg, sizeof msg, "The scenario stopped with an error:\n\n%s\n\n%s",
                 r.scn.error.message, r.scn.error.traceback);
        play_error(t, "Scenario error", msg);
    } else if (st == SCN_HOOK_FAILED) {
        snprintf(msg, sizeof msg, "The answer could not be saved: %s",
                 r.err.message[0] ? r.err.message : r.scn.error.message);
        play_error(t, "Progress store", msg);
    }
    study_play_result_free(&r);
    tui_fe_free(fe);
}
