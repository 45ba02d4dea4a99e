/* bdw progress [--json] and bdw export --json: what this learner has done. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"
#include "lua/scenario.h"
#include "pack/hash.h"
#include "pack/jsonfile.h"

/* What the packs hold now, to mark answers given to content that has since
 * changed: item id -> fingerprint. */
typedef struct current_item {
    char pack[65];
    char id[128];
    char hash[17];
} current_item;

typedef struct current_content {
    current_item *items;
    size_t n;
} current_content;

static void current_add(current_content *c, const char *pack_id, const char *id, const char *hash)
{
    current_item *grown = realloc(c->items, (c->n + 1) * sizeof *grown);
    if (!grown) return;
    c->items = grown;
    current_item *it = &c->items[c->n++];
    snprintf(it->pack, sizeof it->pack, "%s", pack_id);
    snprintf(it->id, sizeof it->id, "%s", id);
    snprintf(it->hash, sizeof it->hash, "%s", hash);
}

static void current_load(app *a, current_content *c)
{
    pack_set *set = app_packs(a);
    for (size_t i = 0; set && i < set->count; i++) {
        const pack *p = set->packs[i];
        question_bank bank = {0};
        pack_diag d;
        if (pack_load_questions(p, &bank, &d))
            for (size_t k = 0; k < bank.count; k++)
                current_add(c, p->id, bank.items[k].id, bank.items[k].hash);
        question_bank_free(&bank);
        for (size_t k = 0; k < p->nscenarios; k++) {
            scn_meta m;
            lhost_error err;
            char *text;
            size_t len;
            if (!scn_read_meta(p->scenarios[k].path, p->scenarios[k].display, &m, &err) ||
                !pack_read_file(p->scenarios[k].path, p->scenarios[k].display, &text, &len, &d,
                                NULL))
                continue;
            char hash[17];
            pack_hash_hex(pack_hash(PACK_HASH_SEED, text, len), hash);
            free(text);
            current_add(c, p->id, m.id, hash);
        }
    }
}

/* "same", "changed", or "removed" (no longer in any pack found). */
static const char *current_state(const current_content *c, const char *pack_id, const char *id,
                                 const char *hash)
{
    if (!hash || !*hash) return "same"; /* recorded before fingerprints existed */
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].pack, pack_id) == 0 && strcmp(c->items[i].id, id) == 0)
            return strcmp(c->items[i].hash, hash) == 0 ? "same" : "changed";
    return "removed";
}

typedef struct progress_walk {
    store *db;
    current_content current;
    const char *pack_id;
    json_t *attempts;
    bool with_answers;
    store_error err;
    bool failed;
    int shown;
} progress_walk;

typedef struct answer_walk {
    json_t *arr;
    progress_walk *w;
} answer_walk;

static bool progress_answer(void *ud, const store_answer *a)
{
    answer_walk *aw = ud;
    json_t *arr = aw->arr;
    json_t *anti = app_json_ids(a->antipatterns);
    json_array_append_new(
        arr, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:o,s:I}", "step", a->step, "item",
                       a->item_id, "kind", a->kind, "prompt", a->prompt, "answer", a->answer,
                       "verdict", a->verdict, "points", a->points, "max_points", a->max_points,
                       "antipatterns", anti, "answered_at", (json_int_t)a->answered_at));
    if (strcmp(a->kind, "question") == 0)
        json_object_set_new(json_array_get(arr, json_array_size(arr) - 1), "content",
                            json_string(current_state(&aw->w->current, aw->w->pack_id, a->item_id,
                                                      a->content_hash)));
    return true;
}

static bool progress_attempt(void *ud, const store_attempt *a)
{
    progress_walk *w = ud;
    if (!w->attempts) {
        if (w->shown++ == 0)
            printf("%-8s %-10s %-32s %-10s %8s %7s\n", "attempt", "kind", "item", "status", "score",
                   "answers");
        printf("%-8lld %-10s %-32.32s %-10s %4g/%-3g %7lld\n", (long long)a->id, a->kind,
               a->item_id, a->status, a->score, a->max_score, (long long)a->answers);
        return true;
    }
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:f,s:f,s:I,s:I,s:I}", "id",
                          (json_int_t)a->id, "kind", a->kind, "pack", a->pack_id, "pack_version",
                          a->pack_version, "item", a->item_id, "title", a->title, "seed",
                          (json_int_t)a->seed, "status", a->status, "score", a->score, "max_score",
                          a->max_score, "started_at", (json_int_t)a->started_at, "finished_at",
                          (json_int_t)a->finished_at, "answer_count", (json_int_t)a->answers);
    if (a->mode) json_object_set_new(o, "mode", json_string(a->mode));
    if (strcmp(a->kind, "scenario") == 0)
        json_object_set_new(
            o, "content",
            json_string(current_state(&w->current, a->pack_id, a->item_id, a->content_hash)));
    json_object_set_new(o, "learner", json_string(a->learner));
    json_t *answers = json_array();
    w->pack_id = a->pack_id;
    answer_walk aw = {answers, w};
    if (!store_each_answer(w->db, a->id, progress_answer, &aw, &w->err)) w->failed = true;
    json_object_set_new(o, "answers", answers);
    json_array_append_new(w->attempts, o);
    return !w->failed;
}

static bool count_due(void *ud, const store_review *r)
{
    (void)r;
    (*(int64_t *)ud)++;
    return true;
}

static int progress_run(app *a, bool json, bool export_all)
{
    int code = 0;
    bool nothing = false;
    /* Reading only: a read-only database (or folder) is read as it is, and
     * no database at all means nothing done yet. */
    store *db = app_store_read(a, &code, &nothing);
    if (!db && !nothing) return code;
    progress_walk w = {.db = db, .attempts = json ? json_array() : NULL};
    if (json) current_load(a, &w.current);
    int64_t due = 0;
    bool ok =
        !db || (store_each_review(db, app_learner(), store_now_ms(), count_due, &due, &w.err) &&
                store_each_attempt(db, progress_attempt, &w, &w.err) && !w.failed);
    if (!ok) {
        json_decref(w.attempts);
        free(w.current.items);
        return app_fail_store(a, &w.err);
    }
    if (json) {
        /* With no database, schema 0: nothing has been written in any. */
        json_t *doc =
            json_pack("{s:s,s:i,s:s,s:I,s:o}", "db", a->db_resolved ? a->db_resolved : "", "schema",
                      db ? store_schema_version(db) : 0, "learner", app_learner(), "reviews_due",
                      (json_int_t)due, "attempts", w.attempts);
        json_object_set_new(doc, "read_only", json_boolean(db && store_is_read_only(db)));
        if (export_all) {
            json_object_set_new(doc, "format", json_string("bdw-export"));
            json_object_set_new(doc, "bdw_version", json_string(BDW_VERSION));
            json_object_set_new(doc, "exported_at", json_integer(store_now_ms()));
        }
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    } else if (w.shown == 0) {
        printf("Nothing yet: play a scenario (bdw play) or take a quiz (bdw quiz).\n");
    } else if (due) {
        printf("\n%lld item(s) due for review: bdw quiz --mode review\n", (long long)due);
    }
    free(w.current.items);
    return 0;
}

static int progress_exec(app *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--help") == 0)
            return app_help(a, &cmd_progress);
        else
            return app_usage(a, &cmd_progress);
    }
    return progress_run(a, a->json, false);
}

static int export_exec(app *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--help") == 0)
            return app_help(a, &cmd_export);
        else
            return app_usage(a, &cmd_export);
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
