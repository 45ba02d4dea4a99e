/* bdw pack list | lint DIR [--json] */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"
#include "cli/lint.h"
#include "lua/scenario_lint.h"
#include "cli/pack_cmds.h"

static int pack_list_exec(app *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else
            return app_usage(a, &cmd_pack);
    }
    pack_set *set = app_packs(a);
    json_t *arr = a->json ? json_array() : NULL;
    for (size_t i = 0; set && i < set->count; i++) {
        const pack *p = set->packs[i];
        question_bank bank = {0};
        pack_diag d;
        bool ok = pack_load_questions(p, &bank, &d);
        if (arr) {
            json_t *sc = json_array();
            for (size_t k = 0; k < p->nscenarios; k++)
                json_array_append_new(sc, json_string(p->scenarios[k].stem));
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:o,s:i,s:b}", "id", p->id,
                                                 "title", p->title, "version", p->version, "dir",
                                                 p->dir, "scenarios", sc, "questions",
                                                 (int)bank.count, "questions_ok", ok));
        } else {
            printf("%-16s %-8s %s\n", p->id, p->version, p->title);
            printf("    %zu scenario(s), %zu question(s)%s  [%s]\n", p->nscenarios, bank.count,
                   ok ? "" : " (a question bank has errors: run bdw pack lint)", p->dir);
            for (size_t k = 0; k < p->nscenarios; k++)
                printf("    %s/%s\n", p->folder, p->scenarios[k].stem);
        }
        question_bank_free(&bank);
    }
    if (arr) {
        json_t *doc = json_pack("{s:o}", "packs", arr);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    } else if (!set || set->count == 0) {
        printf("No packs found.\n");
    }
    return 0;
}

static int pack_lint_exec(app *a, int argc, char **argv)
{
    const char *dir = NULL;
    scn_explore_budget budget = {SCN_LINT_MAX_RUNS, SCN_LINT_SECONDS};
    for (int i = 1; i < argc; i++) {
        uint64_t v;
        if (strcmp(argv[i], "--json") == 0) {
            a->json = true;
        } else if (strcmp(argv[i], "--explore-runs") == 0 && i + 1 < argc) {
            if (!app_parse_u64(argv[++i], &v) || v == 0 || v > 100000)
                return app_fail(a, EX_USAGE, "--explore-runs takes 1 to 100000");
            budget.max_runs = (int)v;
        } else if (strcmp(argv[i], "--explore-seconds") == 0 && i + 1 < argc) {
            if (!app_parse_u64(argv[++i], &v) || v > 86400)
                return app_fail(a, EX_USAGE, "--explore-seconds takes 0 (no limit) to 86400");
            budget.seconds = (double)v;
        } else if (!dir && argv[i][0] != '-') {
            dir = argv[i];
        } else {
            return app_usage(a, &cmd_pack);
        }
    }
    if (!dir) return app_usage(a, &cmd_pack);
    return lint_pack_dir(a, dir, &budget);
}

static int pack_exec(app *a, int argc, char **argv)
{
    if (argc < 2) return app_usage(a, &cmd_pack);
    if (strcmp(argv[1], "list") == 0) return pack_list_exec(a, argc - 1, argv + 1);
    if (strcmp(argv[1], "lint") == 0) return pack_lint_exec(a, argc - 1, argv + 1);
    if (strcmp(argv[1], "new") == 0) return pack_new_exec(a, argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0) {
        for (int i = 2; i < argc; i++)
            if (strcmp(argv[i], "--json") == 0) a->json = true;
        int n = 0;
        char *rest[64];
        for (int i = 1; i < argc && n < 63; i++)
            if (strcmp(argv[i], "--json") != 0) rest[n++] = argv[i];
        rest[n] = NULL;
        return pack_import_exec(a, n, rest);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return app_help(a, &cmd_pack);
    return app_fail(a, EX_USAGE, "unknown pack command '%s' (list, lint, new, import)", argv[1]);
}

const app_cmd cmd_pack = {
    .name = "pack",
    .usage = "pack list [--json]\n"
             "pack lint DIR [--json] [--explore-runs N] [--explore-seconds S]\n"
             "pack new DIR [--id ID]\n"
             "pack import FILE --out DIR [--format gift|aiken] [--prefix ID] [--force] [--json]",
    .summary = "list, check, start, or import (GIFT, Aiken) a pack",
    .exec = pack_exec,
};
