#include "pack/lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lint_add(lint_report *r, lint_severity s, const pack_diag *d)
{
    lint_item *grown = realloc(r->items, (r->count + 1) * sizeof *grown);
    if (!grown) return;
    r->items = grown;
    r->items[r->count++] = (lint_item){s, *d};
    if (s == LINT_ERROR)
        r->errors++;
    else
        r->warnings++;
}

void lint_addf(lint_report *r, lint_severity s, const char *file, int line, const char *fmt, ...)
{
    pack_diag d = {0};
    snprintf(d.file, sizeof d.file, "%s", file ? file : "");
    d.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d.message, sizeof d.message, fmt, ap);
    va_end(ap);
    /* A message that already starts with the location (a Lua error's
     * "file:line: ") is not prefixed with it twice. */
    char where[sizeof d.file + 16];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d: ", d.file, line);
    else
        snprintf(where, sizeof where, "%s: ", d.file);
    size_t wl = strlen(where);
    if (d.file[0] && strncmp(d.message, where, wl) == 0)
        memmove(d.message, d.message + wl, strlen(d.message + wl) + 1);
    lint_add(r, s, &d);
}

void lint_report_free(lint_report *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}

static bool lint_known(const catalog *known, const catalog *own, const char *id)
{
    return catalog_find(own, id) || catalog_find(known, id);
}

pack *pack_lint(const char *dir, const catalog *known, lint_report *r, question_bank *bank,
                catalog *own)
{
    pack_diag d = {0};
    pack *p = pack_load(dir, &d);
    if (!p) {
        lint_add(r, LINT_ERROR, &d);
        return NULL;
    }
    for (size_t i = 0; i < p->nrefused; i++)
        lint_add(r, LINT_ERROR, &p->refused[i]);
    for (size_t i = 0; i < p->nbanks; i++) {
        memset(&d, 0, sizeof d);
        if (!question_bank_load(bank, p->banks[i].path, p->banks[i].display, &d))
            lint_add(r, LINT_ERROR, &d);
    }
    memset(&d, 0, sizeof d);
    if (!pack_load_catalog(p, own, &d)) lint_add(r, LINT_ERROR, &d);
    for (size_t i = 0; i < own->count; i++) {
        if (catalog_find(known, own->items[i].id) && strcmp(p->id, "core") != 0)
            lint_addf(r, LINT_WARNING, "antipatterns.json", 0,
                      "anti-pattern \"%s\" is also in the core catalog; yours replaces it in "
                      "this pack's feedback",
                      own->items[i].id);
    }
    for (size_t i = 0; i < bank->count; i++) {
        const question *q = &bank->items[i];
        if (!q->explanation || !q->explanation[0])
            lint_addf(r, LINT_WARNING, q->file, q->line,
                      "question \"%s\" has no explanation: learners see only right or wrong",
                      q->id);
        for (size_t c = 0; c < q->nchoices; c++) {
            const char *id = q->choices[c].antipattern;
            if (id && !lint_known(known, own, id))
                lint_addf(r, LINT_ERROR, q->file, q->line,
                          "question \"%s\" names anti-pattern \"%s\", which no catalog defines",
                          q->id, id);
        }
    }
    if (p->nscenarios == 0 && bank->count == 0)
        lint_addf(r, LINT_WARNING, p->folder, 0, "the pack has no scenarios and no questions");
    return p;
}

void pack_lint_topic(const pack *p, const pack *core, lint_report *r, const char *topic,
                     const char *file, int line)
{
    if (!topic || !*topic) return;
    size_t declared = p->more.ntopics + (core ? core->more.ntopics : 0);
    if (!declared || pack_manifest_topic(&p->more, topic) ||
        (core && pack_manifest_topic(&core->more, topic)))
        return;
    lint_addf(r, LINT_WARNING, file, line,
              "topic \"%s\" is not declared in this pack's or the core pack's \"topics\"", topic);
}

void pack_lint_manifest(const pack *p, const char *bdw_version, const question_bank *bank,
                        lint_report *r)
{
    char manifest[600];
    snprintf(manifest, sizeof manifest, "%s/pack.json", p->folder);
    if (p->min_bdw && pack_semver_compare(p->min_bdw, bdw_version) > 0)
        lint_addf(r, LINT_ERROR, manifest, 0, "the pack needs bdw %s or newer; this is bdw %s",
                  p->min_bdw, bdw_version);
    if (p->nunlisted_scenarios)
        lint_addf(r, LINT_WARNING, manifest, 0,
                  "%zu scenario file(s) are not in \"scenarios\"; they are shown after the "
                  "listed ones",
                  p->nunlisted_scenarios);
    if (p->nunlisted_banks)
        lint_addf(r, LINT_WARNING, manifest, 0,
                  "%zu question file(s) are not in \"questions\"; they are still used",
                  p->nunlisted_banks);
    for (size_t i = 0; i < p->more.nblueprints; i++) {
        const pack_blueprint *b = &p->more.blueprints[i];
        if ((size_t)b->count > bank->count)
            lint_addf(r, LINT_WARNING, manifest, 0,
                      "blueprint \"%s\" asks %d questions; the pack has %zu", b->id, b->count,
                      bank->count);
        for (size_t k = 0; k < b->ndomains; k++) {
            bool found = false;
            for (size_t q = 0; q < bank->count && !found; q++)
                found = bank->items[q].domain && strcmp(bank->items[q].domain, b->domains[k]) == 0;
            if (!found)
                lint_addf(r, LINT_WARNING, manifest, 0,
                          "blueprint \"%s\" draws from domain \"%s\", which no question has", b->id,
                          b->domains[k]);
        }
    }
}
