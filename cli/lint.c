#include "cli/lint.h"

#include <jansson.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "lua/scenario_lint.h"
#include "pack/lint.h"

int lint_pack_dir(app *a, const char *dir)
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
    if (p) scn_lint_pack(p, &core_cat, &own, &r);
    int code = r.errors ? EX_DATAERR : 0;
    if (a->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < r.count; i++) {
            const pack_diag *w = &r.items[i].where;
            json_array_append_new(
                items, json_pack("{s:s,s:s,s:i,s:i,s:s}", "severity",
                                 r.items[i].severity == LINT_ERROR ? "error" : "warning", "file",
                                 w->file, "line", w->line, "column", w->column, "message",
                                 w->message));
        }
        json_t *doc = json_pack("{s:s,s:s?,s:i,s:i,s:i,s:i,s:o,s:i}", "dir", dir, "pack",
                                p ? p->id : NULL, "scenarios", p ? (int)p->nscenarios : 0,
                                "questions", (int)bank.count, "errors", r.errors, "warnings",
                                r.warnings, "problems", items, "exit", code);
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
