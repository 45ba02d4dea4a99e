/* bdw quiz [--pack P] [--mode practice|exam] [--count N] [--seed N] [--answers FILE|-] [--json] */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"
#include "cli/headless.h"
#include "learn/answer.h"
#include "learn/quiz_run.h"
#include "lua/study.h"

/* --json: every answer as graded. */
static void quiz_observe(void *ud, const quiz_answer *qa)
{
    json_t *answers = ud;
    if (answers)
        json_array_append_new(
            answers,
            json_pack("{s:i,s:s,s:s,s:s,s:s,s:f}", "n", qa->n, "question", qa->q->id, "type",
                      question_type_name(qa->q->type), "answer", qa->answer, "verdict",
                      quiz_verdict_name(qa->grade->verdict), "points", qa->grade->points));
}

static int quiz_exec(app *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"pack", required_argument, NULL, 'p'},
        {"mode", required_argument, NULL, 'm'},
        {"count", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"answers", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {"blueprint", required_argument, NULL, 'b'},
        {"untimed", no_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *pack_id = "core", *answers = NULL;
    uint64_t count = 10, seed = 0;
    bool have_seed = false, have_count = false, have_mode = false, untimed = false;
    const char *blueprint_id = NULL;
    quiz_mode mode = QUIZ_PRACTICE;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:m:n:s:a:jhb:u", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            pack_id = optarg;
            break;
        case 'b':
            blueprint_id = optarg;
            break;
        case 'u':
            untimed = true;
            break;
        case 'm':
            have_mode = true;
            if (strcmp(optarg, "practice") == 0)
                mode = QUIZ_PRACTICE;
            else if (strcmp(optarg, "exam") == 0)
                mode = QUIZ_EXAM;
            else if (strcmp(optarg, "review") == 0)
                mode = QUIZ_REVIEW;
            else
                return app_fail(a, EX_USAGE, "--mode is practice, exam or review, not '%s'",
                                optarg);
            break;
        case 'n':
            if (!app_parse_u64(optarg, &count) || count == 0 || count > 1000)
                return app_fail(a, EX_USAGE, "--count takes a number from 1 to 1000, not '%s'",
                                optarg);
            have_count = true;
            break;
        case 's':
            if (!app_parse_u64(optarg, &seed))
                return app_fail(a, EX_USAGE, "--seed takes a whole number, not '%s'", optarg);
            have_seed = true;
            break;
        case 'a':
            answers = optarg;
            break;
        case 'j':
            a->json = true;
            break;
        case 'h':
            return app_help(a, &cmd_quiz);
        default:
            return app_usage(a, &cmd_quiz);
        }
    }
    if (optind != argc) return app_usage(a, &cmd_quiz);
    if (!have_seed) seed = app_fresh_seed();
    pack_set *set = app_packs(a);
    const pack *p = set ? pack_set_find(set, pack_id) : NULL;
    if (!p) return app_fail(a, EX_NOINPUT, "no pack '%s' (try `bdw pack list`)", pack_id);
    const pack_blueprint *bp = NULL;
    if (blueprint_id) {
        bp = pack_manifest_blueprint(&p->more, blueprint_id);
        if (!bp)
            return app_fail(a, EX_USAGE, "pack '%s' has no blueprint '%s'", p->id, blueprint_id);
        if (!have_count) count = (uint64_t)bp->count;
        if (!have_mode) mode = QUIZ_EXAM;
    }
    question_bank bank = {0};
    pack_diag d;
    if (!pack_load_questions(p, &bank, &d)) {
        question_bank_free(&bank);
        return app_fail_diag(a, EX_DATAERR, &d);
    }
    if (bank.count == 0) {
        question_bank_free(&bank);
        return app_fail(a, EX_DATAERR, "pack '%s' has no questions", p->id);
    }
    headless h;
    if (!headless_open(&h, answers, a->json)) {
        question_bank_free(&bank);
        return app_fail(a, EX_NOINPUT, "%s", h.error);
    }
    int code = 0;
    if (!app_session(a, "cli", &code)) {
        headless_close(&h);
        question_bank_free(&bank);
        return code;
    }
    json_t *graded = a->json ? json_array() : NULL;
    frontend fe = headless_frontend(&h);
    study st_ctx = app_study(a);
    study_quiz_opts qo = {.count = (size_t)count,
                          .seed = seed,
                          .mode = mode,
                          .fe = &fe,
                          .blueprint = bp,
                          .time_limit_ms = bp && !untimed ? (int64_t)bp->minutes * 60000 : 0,
                          .observe = quiz_observe,
                          .observe_ud = graded};
    if (!a->json)
        printf("== Quiz: %s (%s, seed %llu) ==\n", p->title, quiz_mode_name(mode),
               (unsigned long long)seed);
    study_quiz_result res;
    quiz_status st = study_quiz(&st_ctx, p, &bank, &qo, &res);
    if (mode == QUIZ_REVIEW && res.started && res.review_due == 0 && !a->json)
        printf("Nothing is due for review in '%s'.\n", p->id);
    quiz_result r = res.quiz;
    char msg[1200] = "";
    if (st == QUIZ_OUT_OF_ANSWERS || st == QUIZ_BAD_ANSWER) {
        code = EX_DATAERR;
        if (st == QUIZ_BAD_ANSWER && r.error[0]) snprintf(h.error, sizeof h.error, "%s", r.error);
        headless_describe_error(&h, msg, sizeof msg);
    } else if (st == QUIZ_HOOK_FAILED) {
        code = store_error_exit_code(&res.err);
        snprintf(msg, sizeof msg, "%s", res.err.message);
        app_debug_store(&res.err);
    }
    if (a->json) {
        json_t *doc =
            json_pack("{s:s,s:s,s:I,s:I,s:s,s:i,s:i,s:i,s:f,s:o,s:o,s:i}", "pack", p->id, "mode",
                      quiz_mode_name(mode), "seed", (json_int_t)seed, "attempt",
                      (json_int_t)res.attempt, "status", quiz_status_name(st), "asked",
                      (int)r.asked, "answered", (int)r.answered, "correct", (int)r.correct, "score",
                      r.score, "answers", graded, "events", json_incref(h.events), "exit", code);
        /* A store error is about the database (its message names it), not
         * about a line of the answers. */
        if (code && st == QUIZ_HOOK_FAILED)
            json_object_set_new(doc, "error", json_pack("{s:s}", "message", msg));
        else if (code)
            json_object_set_new(doc, "error",
                                json_pack("{s:s,s:s,s:i,s:i}", "message", msg, "file", h.in_name,
                                          "line", h.line, "column", h.col > 0 ? h.col : 1));
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    }
    if (code) fprintf(stderr, "bdw: %s\n", msg);
    headless_close(&h);
    question_bank_free(&bank);
    return code;
}

const app_cmd cmd_quiz = {
    .name = "quiz",
    .usage = "quiz [--pack P] [--mode practice|exam|review] [--blueprint ID [--untimed]] "
             "[--count N] [--seed N] [--answers FILE|-] [--json]",
    .summary = "answer exam-style questions drawn from a pack",
    .exec = quiz_exec,
};
