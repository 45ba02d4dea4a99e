/* Playing a scenario from the terminal app: the same composition as
 * `bdw play` (cli/cmd_play.c) with the curses front end in place of the
 * answers file. Every answer is stored before the next question; leaving
 * keeps the attempt open, and opening the scenario again offers to resume. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/frontend.h"
#include "tui/tui_int.h"

typedef struct play_state {
    store *db;
    int64_t attempt;
    store_error err;
    tui_fe *fe;
} play_state;

static bool play_on_step(void *ud, const scn_step *st)
{
    play_state *ps = ud;
    if (st->replayed || !ps->db) return true; /* stored when it was first answered */
    store_answer ans = {
        .attempt = ps->attempt,
        .step = st->n,
        .item_id = st->id,
        .kind = st->kind,
        .prompt = st->prompt,
        .answer = st->answer,
        .verdict = scn_verdict_name(st->verdict),
        .points = st->points,
        .max_points = st->max_points,
        .antipatterns = st->antipatterns,
    };
    return store_answer_add(ps->db, &ans, &ps->err);
}

static void play_print(void *ud, const char *text, size_t len)
{
    play_state *ps = ud;
    char *copy = strndup(text, len);
    if (!copy) return;
    tui_fe_note(ps->fe, CRT_DIM, copy);
    free(copy);
}

/* Resuming: the stored answers of the open attempt, in order, and their
 * points so that an abandoned attempt can be closed with its score. */
typedef struct replay_list {
    char **items;
    size_t n;
    int stored_steps; /* the last step the store holds: not stored again */
    double score, max_score;
} replay_list;

static bool replay_collect(void *ud, const store_answer *a)
{
    replay_list *r = ud;
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

static void replay_free(replay_list *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i]);
    free(r->items);
    memset(r, 0, sizeof *r);
}

static bool open_attempt_seed(void *ud, const store_attempt *a)
{
    *(int64_t *)ud = a->seed;
    return true;
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

void tui_play(tui *t, const pack *p, const pack_file *f, const scn_meta *meta)
{
    store *db = t->opts->db;
    play_state ps = {.db = db};
    replay_list replay = {0};
    uint64_t seed = tui_fresh_seed();
    if (db) {
        int64_t old_seed = 0;
        int64_t open = store_open_attempt(db, "scenario", p->id, meta->id, open_attempt_seed,
                                          &old_seed, &ps.err);
        if (open && !store_each_answer(db, open, replay_collect, &replay, &ps.err)) {
            replay_free(&replay);
            play_error(t, "Progress store", ps.err.message);
            return;
        }
        int choice = open ? play_ask_resume(t, meta, replay.n) : 'n';
        if (choice == 0) {
            replay_free(&replay);
            return;
        }
        if (choice == 'r') {
            ps.attempt = open;
            seed = (uint64_t)old_seed;
        } else {
            /* Starting over closes the old attempt, so that it stops being
             * offered for resuming and its score still counts as given. */
            if (open &&
                !store_attempt_finish(db, open, "quit", replay.score, replay.max_score, &ps.err)) {
                replay_free(&replay);
                play_error(t, "Progress store", ps.err.message);
                return;
            }
            replay_free(&replay);
            store_attempt at = {.session = t->opts->session,
                                .kind = "scenario",
                                .pack_id = p->id,
                                .pack_version = p->version,
                                .item_id = meta->id,
                                .title = meta->title,
                                .seed = (int64_t)seed};
            ps.attempt = store_attempt_begin(db, &at, &ps.err);
            if (!ps.attempt) {
                play_error(t, "Progress store", ps.err.message);
                return;
            }
        }
    }
    ps.fe = tui_fe_new(t->crt, meta->title, "scenario");
    if (!ps.fe) {
        replay_free(&replay);
        return;
    }
    if (ps.attempt && replay.n) {
        char note[160];
        snprintf(note, sizeof note, "Resumed where you left off: %zu answer%s replayed.", replay.n,
                 replay.n == 1 ? "" : "s");
        tui_fe_note(ps.fe, CRT_NOTICE, note);
    }
    frontend fe = tui_fe_frontend(ps.fe);
    scn_config cfg = {
        .seed = seed,
        .fe = &fe,
        .catalog = &t->opts->packs->catalog,
        .on_step = play_on_step,
        .ud = &ps,
        .print = play_print,
        .print_ud = &ps,
        .replay = (const char *const *)replay.items,
        .nreplay = replay.n,
        .stored_steps = replay.stored_steps,
    };
    scn_result r;
    scn_status st = scn_play(f->path, f->display, &cfg, &r);
    const char *db_status = st == SCN_COMPLETED      ? "completed"
                            : st == SCN_SCRIPT_ERROR ? "failed"
                                                     : NULL;
    if (db && db_status &&
        !store_attempt_finish(db, ps.attempt, db_status, r.score, r.max_score, &ps.err))
        st = SCN_HOOK_FAILED;
    char msg[4096];
    if (st == SCN_SCRIPT_ERROR || st == SCN_BAD_ANSWER) {
        snprintf(msg, sizeof msg, "The scenario stopped with an error:\n\n%s\n\n%s",
                 r.error.message, r.error.traceback);
        play_error(t, "Scenario error", msg);
    } else if (st == SCN_HOOK_FAILED) {
        snprintf(msg, sizeof msg, "The answer could not be saved: %s",
                 ps.err.message[0] ? ps.err.message : r.error.message);
        play_error(t, "Progress store", msg);
    }
    scn_result_free(&r);
    tui_fe_free(ps.fe);
    replay_free(&replay);
}
