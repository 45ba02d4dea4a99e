/* bdw progress [--json] and bdw export --json: what this learner has done. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"

typedef struct progress_walk {
    store *db;
    json_t *attempts;
    bool with_answers;
    store_error err;
    bool failed;
    int shown;
} progress_walk;

static bool progress_answer(void *ud, const store_answer *a)
{
    json_t *arr = ud;
    json_t *anti = json_array();
    char ids[512];
    snprintf(ids, sizeof ids, "%s", a->antipatterns);
    char *save = NULL;
    for (char *t = strtok_r(ids, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(anti, json_string(t));
    json_array_append_new(arr, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:o,s:I}", "step",
                                         a->step, "item", a->item_id, "kind", a->kind, "prompt",
                                         a->prompt, "answer", a->answer, "verdict", a->verdict,
                                         "points", a->points, "max_points", a->max_points,
                                         "antipatterns", anti, "answered_at",
                                         (json_int_t)a->answered_at));
    return true;
}

static bool progress_attempt(void *ud, const store_attempt *a)
{
    progress_walk *w = ud;
    if (!w->attempts) {
        if (w->shown++ == 0)
            printf("%-8s %-10s %-32s %-10s %8s %7s\n", "attempt", "kind", "item", "status",
                   "score", "answers");
        printf("%-8lld %-10s %-32.32s %-10s %4g/%-3g %7lld\n", (long long)a->id, a->kind,
               a->item_id, a->status, a->score, a->max_score, (long long)a->answers);
        return true;
    }
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:f,s:f,s:I,s:I,s:I}", "id",
                          (json_int_t)a->id, "kind", a->kind, "pack", a->pack_id, "pack_version",
                          a->pack_version, "item", a->item_id, "title", a->title, "seed",
                          (json_int_t)a->seed, "status", a->status, "score", a->score,
                          "max_score", a->max_score, "started_at", (json_int_t)a->started_at,
                          "finished_at", (json_int_t)a->finished_at, "answer_count",
                          (json_int_t)a->answers);
    if (a->mode) json_object_set_new(o, "mode", json_string(a->mode));
    json_t *answers = json_array();
    if (!store_each_answer(w->db, a->id, progress_answer, answers, &w->err)) w->failed = true;
    json_object_set_new(o, "answers", answers);
    json_array_append_new(w->attempts, o);
    return !w->failed;
}

static int progress_run(app *a, bool json, bool export_all)
{
    int code = 0;
    store *db = app_store(a, &code);
    if (!db) return code;
    progress_walk w = {.db = db, .attempts = json ? json_array() : NULL};
    if (!store_each_attempt(db, progress_attempt, &w, &w.err) || w.failed) {
        json_decref(w.attempts);
        return app_fail(a, store_error_exit_code(&w.err), "%s", w.err.message);
    }
    if (json) {
        json_t *doc = json_pack("{s:s,s:i,s:o}", "db", a->db_resolved, "schema",
                                store_schema_version(db), "attempts", w.attempts);
        if (export_all) {
            json_object_set_new(doc, "format", json_string("bdw-export"));
            json_object_set_new(doc, "bdw_version", json_string(BDW_VERSION));
        }
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    } else if (w.shown == 0) {
        printf("Nothing yet: play a scenario (bdw play) or take a quiz (bdw quiz).\n");
    }
    return 0;
}

static int progress_exec(app *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) a->json = true;
        else if (strcmp(argv[i], "--help") == 0) return app_help(a, &cmd_progress);
        else return app_usage(a, &cmd_progress);
    }
    return progress_run(a, a->json, false);
}

static int export_exec(app *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) a->json = true;
        else if (strcmp(argv[i], "--help") == 0) return app_help(a, &cmd_export);
        else return app_usage(a, &cmd_export);
    }
    if (!a->json) return app_fail(a, EX_USAGE, "export writes JSON: use bdw export --json");
    return progress_run(a, true, true);
}

const app_cmd cmd_progress = {
    .name = "progress",
    .usage = "progress [--json]",
    .summary = "what this learner has done: attempts, scores, answers",
    .exec = progress_exec,
};

const app_cmd cmd_export = {
    .name = "export",
    .usage = "export --json",
    .summary = "everything in the progress store as JSON, for an instructor",
    .exec = export_exec,
};
