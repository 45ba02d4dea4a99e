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
    if (s == LINT_ERROR) r->errors++;
    else r->warnings++;
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
