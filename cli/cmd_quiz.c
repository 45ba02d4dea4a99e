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
#include "learn/review.h"

typedef struct quiz_state {
    app *a;
    const char *pack_id;
    int64_t attempt;
    json_t *answers;
    store_error err;
} quiz_state;

static bool quiz_on_answer(void *ud, const quiz_answer *qa)
{
    quiz_state *qs = ud;
    const char *verdict = quiz_verdict_name(qa->grade->verdict);
    if (qs->answers)
        json_array_append_new(qs->answers,
                              json_pack("{s:i,s:s,s:s,s:s,s:s,s:f}", "n", qa->n, "question",
                                        qa->q->id, "type", question_type_name(qa->q->type),
                                        "answer", qa->answer, "verdict", verdict, "points",
                                        qa->grade->points));
    char anti[256] = "";
    bool picked[26] = {0};
    size_t used = 0;
    if (qa->q->nchoices) {
        char why[64];
        answer_parse_choice(qa->answer, qa->q->nchoices, true, picked, why, sizeof why);
        for (size_t i = 0; i < qa->q->nchoices; i++) {
            const char *id = qa->q->choices[i].antipattern;
            if (!picked[i] || !id) continue;
            int w = snprintf(anti + used, sizeof anti - used, "%s%s", used ? "," : "", id);
            if (w > 0 && (size_t)w < sizeof anti - used) used += (size_t)w;
        }
    }
    store_answer ans = {.attempt = qs->attempt, .step = qa->n, .item_id = qa->q->id,
                        .kind = "question", .prompt = qa->q->prompt, .answer = qa->answer,
                        .verdict = verdict, .points = qa->grade->points, .max_points = 1,
                        .antipatterns = anti, .content_hash = qa->q->hash,
                        .topic = qa->q->topic ? qa->q->topic : ""};
    if (!store_answer_add(qs->a->db, &ans, &qs->err)) return false;
    int grade = qa->grade->verdict == GRADE_CORRECT ? 2 : qa->grade->verdict == GRADE_PARTIAL;
    return app_review_record(qs->a, qs->pack_id, qa->q->id, "question",
                             qa->q->topic ? qa->q->topic : "", grade, &qs->err);
}

typedef struct due_list {
    review_due items[512];
    char ids[512][128], kinds[512][16], topics[512][256];
    size_t n;
    const char *pack_id;
} due_list;

static bool due_collect(void *ud, const store_review *r)
{
    due_list *d = ud;
    if (strcmp(r->pack_id, d->pack_id) != 0 || d->n >= 512) return d->n < 512;
    snprintf(d->ids[d->n], sizeof d->ids[0], "%s", r->item_id);
    snprintf(d->kinds[d->n], sizeof d->kinds[0], "%s", r->kind);
    snprintf(d->topics[d->n], sizeof d->topics[0], "%s", r->topic);
    d->items[d->n] = (review_due){d->ids[d->n], d->kinds[d->n], d->topics[d->n]};
    d->n++;
    return true;
}

/* The questions a review quiz asks: what is due in this pack, in order. */
static size_t quiz_review_order(app *a, const char *pack_id, const question_bank *bank,
                                size_t count, size_t *order)
{
    due_list *d = calloc(1, sizeof *d);
    if (!d) return 0;
    d->pack_id = pack_id;
    store_error err;
    size_t n = 0;
    if (store_each_review(a->db, app_learner(), store_now_ms(), due_collect, d, &err))
        n = review_pick(bank, d->items, d->n, count, order);
    free(d);
    return n;
}

static int quiz_exec(app *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"pack", required_argument, NULL, 'p'},    {"mode", required_argument, NULL, 'm'},
        {"count", required_argument, NULL, 'n'},   {"seed", required_argument, NULL, 's'},
        {"answers", required_argument, NULL, 'a'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *pack_id = "core", *answers = NULL;
    uint64_t count = 10, seed = 0;
    bool have_seed = false;
    quiz_mode mode = QUIZ_PRACTICE;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:m:n:s:a:jh", opts, NULL)) != -1) {
        switch (c) {
        case 'p': pack_id = optarg; break;
        case 'm':
            if (strcmp(optarg, "practice") == 0) mode = QUIZ_PRACTICE;
            else if (strcmp(optarg, "exam") == 0) mode = QUIZ_EXAM;
            else if (strcmp(optarg, "review") == 0) mode = QUIZ_REVIEW;
            else
                return app_fail(a, EX_USAGE, "--mode is practice, exam or review, not '%s'",
                                optarg);
            break;
        case 'n':
            if (!app_parse_u64(optarg, &count) || count == 0 || count > 1000)
                return app_fail(a, EX_USAGE, "--count takes a number from 1 to 1000, not '%s'",
                                optarg);
            break;
        case 's':
            if (!app_parse_u64(optarg, &seed))
                return app_fail(a, EX_USAGE, "--seed takes a whole number, not '%s'", optarg);
            have_seed = true;
            break;
        case 'a': answers = optarg; break;
        case 'j': a->json = true; break;
        case 'h': return app_help(a, &cmd_quiz);
        default: return app_usage(a, &cmd_quiz);
        }
    }
    if (optind != argc) return app_usage(a, &cmd_quiz);
    if (!have_seed) seed = app_fresh_seed();
    pack_set *set = app_packs(a);
    const pack *p = set ? pack_set_find(set, pack_id) : NULL;
    if (!p) return app_fail(a, EX_NOINPUT, "no pack '%s' (try `bdw pack list`)", pack_id);
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
        return app_fail(a, EX_NOINPUT, "%s: cannot open the answers: %s", answers,
                        strerror(errno));
    }
    int code = 0;
    quiz_state qs = {.a = a, .pack_id = p->id};
    if (app_session(a, "cli", &code)) {
        char item[300];
        snprintf(item, sizeof item, "quiz:%s", p->id);
        store_attempt at = {.session = a->session, .kind = "quiz", .pack_id = p->id,
                            .pack_version = p->version, .item_id = item, .title = p->title,
                            .seed = (int64_t)seed, .mode = quiz_mode_name(mode)};
        qs.attempt = store_attempt_begin(a->db, &at, &qs.err);
        if (!qs.attempt) code = app_fail(a, store_error_exit_code(&qs.err), "%s", qs.err.message);
    }
    if (code) {
        headless_close(&h);
        question_bank_free(&bank);
        return code;
    }
    if (a->json) qs.answers = json_array();
    frontend fe = headless_frontend(&h);
    quiz_config cfg = {.bank = &bank, .count = (size_t)count, .seed = seed, .mode = mode,
                       .fe = &fe, .catalog = &set->catalog, .on_answer = quiz_on_answer,
                       .ud = &qs, .title = p->title};
    size_t *review_order = NULL;
    if (mode == QUIZ_REVIEW) {
        review_order = calloc(bank.count + 1, sizeof *review_order);
        cfg.norder = review_order ? quiz_review_order(a, p->id, &bank, (size_t)count, review_order)
                                  : 0;
        cfg.order = review_order;
        if (cfg.norder == 0 && !a->json) printf("Nothing is due for review in '%s'.\n", p->id);
    }
    if (!a->json)
        printf("== Quiz: %s (%s, seed %llu) ==\n", p->title, quiz_mode_name(mode),
               (unsigned long long)seed);
    quiz_result r;
    quiz_status st = quiz_run(&cfg, &r);
    if (st == QUIZ_COMPLETED &&
        !store_attempt_finish(a->db, qs.attempt, "completed", r.score, (double)r.asked, &qs.err))
        st = QUIZ_HOOK_FAILED;
    char msg[1200] = "";
    if (st == QUIZ_OUT_OF_ANSWERS || st == QUIZ_BAD_ANSWER) {
        code = EX_DATAERR;
        if (st == QUIZ_BAD_ANSWER && r.error[0]) snprintf(h.error, sizeof h.error, "%s", r.error);
        headless_describe_error(&h, msg, sizeof msg);
    } else if (st == QUIZ_HOOK_FAILED) {
        code = store_error_exit_code(&qs.err);
        snprintf(msg, sizeof msg, "%s", qs.err.message);
    }
    if (a->json) {
        json_t *doc = json_pack("{s:s,s:s,s:I,s:I,s:s,s:i,s:i,s:i,s:f,s:o,s:o,s:i}", "pack",
                                p->id, "mode", quiz_mode_name(mode), "seed", (json_int_t)seed,
                                "attempt", (json_int_t)qs.attempt, "status",
                                quiz_status_name(st), "asked", (int)r.asked, "answered",
                                (int)r.answered, "correct", (int)r.correct, "score", r.score,
                                "answers", qs.answers, "events", json_incref(h.events), "exit",
                                code);
        if (code) json_object_set_new(doc, "error", json_pack("{s:s,s:s,s:i}", "message", msg,
                                                               "file", h.in_name, "line", h.line));
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    }
    if (code) fprintf(stderr, "bdw: %s\n", msg);
    free(review_order);
    headless_close(&h);
    question_bank_free(&bank);
    return code;
}

const app_cmd cmd_quiz = {
    .name = "quiz",
    .usage = "quiz [--pack P] [--mode practice|exam|review] [--count N] [--seed N] "
             "[--answers FILE|-] [--json]",
    .summary = "answer exam-style questions drawn from a pack",
    .exec = quiz_exec,
};
