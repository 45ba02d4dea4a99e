/* bdw play PACK/SCENARIO [--answers FILE|-] [--seed N] [--resume] [--json] */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"
#include "cli/headless.h"
#include "cli/resolve.h"
#include "lua/scenario.h"
#include "pack/hash.h"
#include "pack/jsonfile.h"

typedef struct play_state {
    app *a;
    const char *pack_id;
    const scn_meta *meta;
    int64_t attempt;
    int step_offset;
    json_t *steps;
    store_error err;
} play_state;

static bool play_on_step(void *ud, const scn_step *st)
{
    play_state *ps = ud;
    if (ps->steps && !st->replayed) {
        json_t *anti = json_array();
        char ids[512];
        snprintf(ids, sizeof ids, "%s", st->antipatterns);
        char *save = NULL;
        for (char *t = strtok_r(ids, ",", &save); t; t = strtok_r(NULL, ",", &save))
            json_array_append_new(anti, json_string(t));
        json_array_append_new(
            ps->steps, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:o}", "n", st->n, "kind",
                                 st->kind, "id", st->id, "prompt", st->prompt, "answer",
                                 st->answer, "verdict", scn_verdict_name(st->verdict), "points",
                                 st->points, "max_points", st->max_points, "antipatterns", anti));
    }
    if (st->replayed) return true; /* stored when it was first answered */
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
        .topic = ps->meta->topics,
    };
    if (!store_answer_add(ps->a->db, &ans, &ps->err)) return false;
    if (st->verdict == FE_UNSCORED || strcmp(st->kind, "award") == 0) return true;
    /* A scored step joins the review queue; a miss is due at once. */
    char item[400];
    snprintf(item, sizeof item, "%s#%s", ps->meta->id, st->id);
    int grade = st->verdict == FE_CORRECT ? 2 : st->verdict == FE_PARTIAL ? 1 : 0;
    return app_review_record(ps->a, ps->pack_id, item, "step", ps->meta->topics, grade, &ps->err);
}

/* Resuming: the stored answers of the open attempt, in order. */
typedef struct replay_list {
    char **items;
    size_t n;
    int stored_steps;
} replay_list;

static bool replay_collect(void *ud, const store_answer *a)
{
    replay_list *r = ud;
    r->stored_steps = a->step;
    static const char *const kinds[] = {"choose", "choose_many", "number", "input"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(a->kind, kinds[i]) != 0) continue;
        char **grown = realloc(r->items, (r->n + 1) * sizeof *grown);
        if (!grown) return false;
        r->items = grown;
        r->items[r->n++] = strdup(a->answer);
    }
    return true;
}

static bool open_attempt_seed(void *ud, const store_attempt *a)
{
    *(int64_t *)ud = a->seed;
    return true;
}

static int play_exec(app *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"answers", required_argument, NULL, 'a'}, {"seed", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},          {"resume", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *answers = NULL;
    uint64_t seed = 0;
    bool have_seed = false, resume = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:s:jrh", opts, NULL)) != -1) {
        switch (c) {
        case 'a': answers = optarg; break;
        case 's':
            if (!app_parse_u64(optarg, &seed))
                return app_fail(a, EX_USAGE, "--seed takes a whole number, not '%s'", optarg);
            have_seed = true;
            break;
        case 'j': a->json = true; break;
        case 'r': resume = true; break;
        case 'h': return app_help(a, &cmd_play);
        default: return app_usage(a, &cmd_play);
        }
    }
    if (optind != argc - 1) return app_usage(a, &cmd_play);
    const char *ref = argv[optind];

    pack_set *set = app_packs(a);
    const pack *p = NULL;
    scn_meta meta;
    char why[1200];
    const pack_file *f = set ? resolve_scenario(set, ref, &p, &meta, why, sizeof why) : NULL;
    if (!f) return app_fail(a, strstr(why, ".lua:") ? EX_DATAERR : EX_NOINPUT, "%s", why);

    headless h;
    if (!headless_open(&h, answers, a->json))
        return app_fail(a, EX_NOINPUT, "%s: cannot open the answers: %s", answers,
                        strerror(errno));
    int code = 0;
    if (!app_session(a, "cli", &code)) {
        headless_close(&h);
        return code;
    }
    play_state ps = {.a = a, .pack_id = p->id, .meta = &meta};
    replay_list replay = {0};
    if (resume) {
        int64_t old_seed = 0;
        ps.attempt = store_open_attempt(a->db, "scenario", p->id, meta.id, open_attempt_seed,
                                        &old_seed, &ps.err);
        if (ps.attempt) {
            seed = (uint64_t)old_seed;
            have_seed = true;
            store_each_answer(a->db, ps.attempt, replay_collect, &replay, &ps.err);
        }
    }
    if (!have_seed) seed = app_fresh_seed();
    if (!ps.attempt) {
        char hash[17] = "";
        char *text;
        size_t len;
        pack_diag ignored;
        if (pack_read_file(f->path, f->display, &text, &len, &ignored, NULL)) {
            pack_hash_hex(pack_hash(PACK_HASH_SEED, text, len), hash);
            free(text);
        }
        store_attempt at = {.session = a->session, .kind = "scenario", .pack_id = p->id,
                            .pack_version = p->version, .item_id = meta.id, .title = meta.title,
                            .seed = (int64_t)seed, .content_hash = hash};
        ps.attempt = store_attempt_begin(a->db, &at, &ps.err);
        if (!ps.attempt) {
            headless_close(&h);
            return app_fail(a, store_error_exit_code(&ps.err), "%s", ps.err.message);
        }
    }
    if (a->json) ps.steps = json_array();
    frontend fe = headless_frontend(&h);
    if (!a->json) fprintf(stdout, "== %s ==\n(seed %llu)\n", meta.title, (unsigned long long)seed);
    scn_config cfg = {
        .seed = seed, .fe = &fe, .catalog = &set->catalog, .on_step = play_on_step, .ud = &ps,
        .replay = (const char *const *)replay.items, .nreplay = replay.n,
        .stored_steps = replay.stored_steps,
    };
    scn_result r;
    scn_status st = scn_play(f->path, f->display, &cfg, &r);

    const char *db_status = st == SCN_COMPLETED      ? "completed"
                            : st == SCN_SCRIPT_ERROR ? "failed"
                                                     : NULL;
    if (db_status && !store_attempt_finish(a->db, ps.attempt, db_status, r.score, r.max_score,
                                           &ps.err))
        st = SCN_HOOK_FAILED;

    char msg[2048] = "";
    pack_diag where = {0};
    switch (st) {
    case SCN_COMPLETED:
    case SCN_QUIT: code = 0; break;
    case SCN_OUT_OF_ANSWERS:
        code = EX_DATAERR;
        snprintf(msg, sizeof msg,
                 "%s: the answers ran out after %d step(s); resume with --resume", h.in_name,
                 r.steps);
        pack_diag_set(&where, h.in_name, h.line, 0, "the answers ran out");
        break;
    case SCN_BAD_ANSWER:
        code = EX_DATAERR;
        /* The runtime's reason (e.g. "not a number") is better than the front
         * end's when it has one. */
        if (r.error.message[0] && strcmp(r.error.message, "the answer could not be read") != 0)
            snprintf(h.error, sizeof h.error, "%s", r.error.message);
        headless_describe_error(&h, msg, sizeof msg);
        pack_diag_set(&where, h.in_name, h.line, 1, "%s", h.error);
        break;
    case SCN_SCRIPT_ERROR:
        code = EX_DATAERR;
        snprintf(msg, sizeof msg, "%s", r.error.message);
        pack_diag_set(&where, r.error.file, r.error.line, 0, "%s", r.error.message);
        if (r.error.traceback[0]) fprintf(stderr, "%s\n", r.error.traceback);
        break;
    case SCN_HOOK_FAILED:
        code = store_error_exit_code(&ps.err);
        snprintf(msg, sizeof msg, "%s", ps.err.message);
        break;
    }
    if (a->json) {
        json_t *anti = json_array();
        for (size_t i = 0; i < r.nantipatterns; i++)
            json_array_append_new(anti, json_string(r.antipatterns[i]));
        json_t *doc = json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:f,s:f,s:o,s:o,s:o,s:b}", "pack", p->id,
            "pack_version", p->version, "scenario", meta.id, "title", meta.title, "file",
            f->display, "seed", (json_int_t)seed, "attempt", (json_int_t)ps.attempt, "status",
            scn_status_name(st), "score", r.score, "max_score", r.max_score, "steps", ps.steps,
            "antipatterns", anti, "events", json_incref(h.events), "resumed", replay.stored_steps > 0);
        if (code) {
            json_t *e = json_pack("{s:s}", "message", msg);
            if (where.file[0]) json_object_set_new(e, "file", json_string(where.file));
            if (where.line) json_object_set_new(e, "line", json_integer(where.line));
            if (where.column) json_object_set_new(e, "column", json_integer(where.column));
            json_object_set_new(doc, "error", e);
        }
        json_object_set_new(doc, "exit", json_integer(code));
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    }
    if (code) fprintf(stderr, "bdw: %s\n", msg);
    for (size_t i = 0; i < replay.n; i++) free(replay.items[i]);
    free(replay.items);
    scn_result_free(&r);
    headless_close(&h);
    return code;
}

const app_cmd cmd_play = {
    .name = "play",
    .usage = "play PACK/SCENARIO [--answers FILE|-] [--seed N] [--resume] [--json]",
    .summary = "play a scenario; answers from a file, or typed at the prompt",
    .exec = play_exec,
};
