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
#include "lua/study.h"

/* --json: every new step, as the transcript shows it. */
static void play_observe(void *ud, const scn_step *st)
{
    json_t *steps = ud;
    if (!steps) return;
    json_t *anti = app_json_ids(st->antipatterns);
    json_array_append_new(steps, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:o}", "n", st->n,
                                           "kind", st->kind, "id", st->id, "prompt", st->prompt,
                                           "answer", st->answer, "verdict",
                                           scn_verdict_name(st->verdict), "points", st->points,
                                           "max_points", st->max_points, "antipatterns", anti));
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
        case 'a':
            answers = optarg;
            break;
        case 's':
            if (!app_parse_u64(optarg, &seed))
                return app_fail(a, EX_USAGE, "--seed takes a whole number, not '%s'", optarg);
            have_seed = true;
            break;
        case 'j':
            a->json = true;
            break;
        case 'r':
            resume = true;
            break;
        case 'h':
            return app_help(a, &cmd_play);
        default:
            return app_usage(a, &cmd_play);
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
    if (!headless_open(&h, answers, a->json)) return app_fail(a, EX_NOINPUT, "%s", h.error);
    int code = 0;
    if (!app_session(a, "cli", &code)) {
        headless_close(&h);
        return code;
    }
    study st_ctx = app_study(a);
    study_open open = {0};
    store_error err;
    if (resume && !study_find_open(&st_ctx, p, &meta, &open, &err)) {
        headless_close(&h);
        return app_fail_store(a, &err);
    }
    if (!have_seed) seed = app_fresh_seed();
    json_t *steps = a->json ? json_array() : NULL;
    frontend fe = headless_frontend(&h);
    if (!a->json)
        fprintf(stdout, "== %s ==\n(seed %llu)\n", meta.title,
                (unsigned long long)(open.attempt ? open.seed : seed));
    study_play_opts po = {.seed = seed,
                          .resume = open.attempt ? &open : NULL,
                          .fe = &fe,
                          .observe = play_observe,
                          .observe_ud = steps};
    study_play_result res;
    scn_status st = study_play(&st_ctx, p, f, &meta, &po, &res);
    if (!res.started) {
        json_decref(steps);
        headless_close(&h);
        return app_fail_store(a, &res.err);
    }
    seed = res.seed;
    scn_result r = res.scn;
    store_error *store_err = &res.err;
    char msg[2048] = "";
    pack_diag where = {0};
    switch (st) {
    case SCN_COMPLETED:
    case SCN_QUIT:
        code = 0;
        break;
    case SCN_OUT_OF_ANSWERS:
        code = EX_DATAERR;
        snprintf(msg, sizeof msg, "%s: the answers ran out after %d step(s); resume with --resume",
                 h.in_name, r.steps);
        pack_diag_set(&where, h.in_name, h.line, 0, "the answers ran out");
        break;
    case SCN_BAD_ANSWER:
        code = EX_DATAERR;
        /* The runtime's reason (e.g. "not a number") is better than the front
         * end's when it has one. */
        if (r.error.message[0] && strcmp(r.error.message, "the answer could not be read") != 0)
            snprintf(h.error, sizeof h.error, "%s", r.error.message);
        headless_describe_error(&h, msg, sizeof msg);
        pack_diag_set(&where, h.in_name, h.line, h.col > 0 ? h.col : 1, "%s", h.error);
        break;
    case SCN_SCRIPT_ERROR:
        code = EX_DATAERR;
        snprintf(msg, sizeof msg, "%s", r.error.message);
        pack_diag_set(&where, r.error.file, r.error.line, 0, "%s", r.error.message);
        if (r.error.traceback[0]) fprintf(stderr, "%s\n", r.error.traceback);
        break;
    case SCN_HOOK_FAILED:
        code = store_error_exit_code(store_err);
        snprintf(msg, sizeof msg, "%s", store_err->message);
        app_debug_store(store_err);
        break;
    }
    if (a->json) {
        json_t *anti = json_array();
        for (size_t i = 0; i < r.nantipatterns; i++)
            json_array_append_new(anti, json_string(r.antipatterns[i]));
        json_t *doc = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:f,s:f,s:o,s:o,s:o,s:b}", "pack",
                                p->id, "pack_version", p->version, "scenario", meta.id, "title",
                                meta.title, "file", f->display, "seed", (json_int_t)seed, "attempt",
                                (json_int_t)res.attempt, "status", scn_status_name(st), "score",
                                r.score, "max_score", r.max_score, "steps", steps, "antipatterns",
                                anti, "events", json_incref(h.events), "resumed", res.replayed > 0);
        if (code) {
            json_t *e = json_pack("{s:s}", "message", msg);
            if (where.file[0]) json_object_set_new(e, "file", json_string(where.file));
            if (where.line) json_object_set_new(e, "line", json_integer(where.line));
            if (where.column) json_object_set_new(e, "column", json_integer(where.column));
            json_object_set_new(doc, "error", e);
        }
        json_object_set_new(doc, "topics", app_json_ids(meta.topics));
        json_object_set_new(doc, "concepts", app_json_ids(meta.concepts));
        /* How much of the sandbox's budget the run took, for authors. */
        json_object_set_new(doc, "budget",
                            json_pack("{s:I,s:I,s:I,s:I}", "work", (json_int_t)r.work, "work_limit",
                                      (json_int_t)LHOST_DEFAULT_INSTRUCTIONS, "memory_peak",
                                      (json_int_t)r.memory_peak, "memory_limit",
                                      (json_int_t)LHOST_DEFAULT_MEMORY));
        json_object_set_new(doc, "exit", json_integer(code));
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    }
    if (code) fprintf(stderr, "bdw: %s\n", msg);
    study_play_result_free(&res);
    headless_close(&h);
    return code;
}

const app_cmd cmd_play = {
    .name = "play",
    .usage = "play PACK/SCENARIO [--answers FILE|-] [--seed N] [--resume] [--json]",
    .summary = "play a scenario; answers from a file, or typed at the prompt",
    .exec = play_exec,
};
