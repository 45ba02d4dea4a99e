#include "cli/lint.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "lua/scenario.h"
#include "lua/scenario_lint.h"
#include "pack/lint.h"

/* Topics by what teaches them: for the coverage table lint prints. */
typedef struct coverage {
    char topic[96];
    int scenarios, questions;
} coverage;

static coverage *coverage_slot(coverage *c, int *n, int cap, const char *topic)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(c[i].topic, topic) == 0) return &c[i];
    if (*n >= cap) return NULL;
    coverage *slot = &c[(*n)++];
    memset(slot, 0, sizeof *slot);
    snprintf(slot->topic, sizeof slot->topic, "%s", topic);
    return slot;
}

static int coverage_cmp(const void *x, const void *y)
{
    return strcmp(((const coverage *)x)->topic, ((const coverage *)y)->topic);
}

static int coverage_build(const pack *p, const pack *core, const question_bank *bank,
                          const catalog *own, lint_report *r, coverage *c, int cap)
{
    int n = 0;
    /* Declared topics are listed even when nothing teaches them yet. */
    for (size_t i = 0; p && i < p->more.ntopics; i++)
        coverage_slot(c, &n, cap, p->more.topics[i].id);
    for (size_t i = 0; p && i < own->count; i++)
        pack_lint_topic(p, core, r, own->items[i].topic, own->items[i].pack, 0);
    for (size_t i = 0; p && i < p->nscenarios; i++) {
        scn_meta m;
        lhost_error err;
        if (!scn_read_meta(p->scenarios[i].path, p->scenarios[i].display, &m, &err)) continue;
        char topics[sizeof m.topics];
        snprintf(topics, sizeof topics, "%s", m.topics);
        char *save = NULL;
        for (char *t = strtok_r(topics, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            coverage *slot = coverage_slot(c, &n, cap, t);
            if (slot) slot->scenarios++;
            pack_lint_topic(p, core, r, t, p->scenarios[i].display, 0);
        }
    }
    for (size_t i = 0; i < bank->count; i++) {
        const question *q = &bank->items[i];
        coverage *slot = coverage_slot(c, &n, cap, q->topic ? q->topic : "(no topic)");
        if (slot) slot->questions++;
        if (p) pack_lint_topic(p, core, r, q->topic, q->file, q->line);
    }
    qsort(c, (size_t)n, sizeof *c, coverage_cmp);
    return n;
}

int lint_pack_dir(app *a, const char *dir, const scn_explore_budget *budget)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return app_fail(a, EX_NOINPUT, "%s: no such pack folder", dir);
    pack_set *set = app_packs(a);
    const pack *core = set ? pack_set_find(set, "core") : NULL;
    catalog core_cat = {0};
    pack_diag d;
    if (core) pack_load_catalog(core, &core_cat, &d);
    lint_report r = {0};
    question_bank bank = {0};
    catalog own = {0};
    pack *p = pack_lint(dir, &core_cat, &r, &bank, &own);
    if (p) scn_lint_pack(p, &core_cat, &own, budget, &r);
    if (p) pack_lint_manifest(p, BDW_VERSION, &bank, &r);
    coverage cov[256];
    int ncov = coverage_build(p, core, &bank, &own, &r, cov, 256);
    int code = r.errors ? EX_DATAERR : 0;
    if (a->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < r.count; i++) {
            const pack_diag *w = &r.items[i].where;
            json_array_append_new(items,
                                  json_pack("{s:s,s:s,s:i,s:i,s:s}", "severity",
                                            r.items[i].severity == LINT_ERROR ? "error" : "warning",
                                            "file", w->file, "line", w->line, "column", w->column,
                                            "message", w->message));
        }
        json_t *doc =
            json_pack("{s:s,s:s?,s:i,s:i,s:i,s:i,s:o,s:i}", "dir", dir, "pack", p ? p->id : NULL,
                      "scenarios", p ? (int)p->nscenarios : 0, "questions", (int)bank.count,
                      "errors", r.errors, "warnings", r.warnings, "problems", items, "exit", code);
        json_t *covj = json_array();
        for (int i = 0; i < ncov; i++)
            json_array_append_new(covj,
                                  json_pack("{s:s,s:i,s:i}", "topic", cov[i].topic, "scenarios",
                                            cov[i].scenarios, "questions", cov[i].questions));
        json_object_set_new(doc, "coverage", covj);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    } else {
        for (size_t i = 0; i < r.count; i++) {
            char msg[1200];
            pack_diag_format(&r.items[i].where, msg, sizeof msg);
            fprintf(r.items[i].severity == LINT_ERROR ? stderr : stdout, "%s: %s\n",
                    r.items[i].severity == LINT_ERROR ? "error" : "warning", msg);
        }
        if (ncov) printf("%-36s %9s %9s\n", "topic", "scenarios", "questions");
        for (int i = 0; i < ncov; i++)
            printf("%-36s %9d %9d\n", cov[i].topic, cov[i].scenarios, cov[i].questions);
        printf("%s: %zu scenario(s), %zu question(s), %zu anti-pattern(s): %d error(s), %d "
               "warning(s)\n",
               dir, p ? p->nscenarios : 0, bank.count, own.count, r.errors, r.warnings);
    }
    pack_free(p);
    question_bank_free(&bank);
    catalog_free(&own);
    catalog_free(&core_cat);
    lint_report_free(&r);
    return code;
}
