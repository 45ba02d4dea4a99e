#ifndef PACK_LINT_H
#define PACK_LINT_H

/* Checks of a pack that need no Lua: the manifest, every question bank, the
 * anti-pattern catalog, and the references between them. Scenario checks
 * run in the sandbox (lua/scenario_lint.h). */

#include <stdbool.h>
#include <stddef.h>

#include "pack/catalog.h"
#include "pack/diag.h"
#include "pack/pack.h"
#include "pack/question.h"

typedef enum { LINT_ERROR, LINT_WARNING } lint_severity;

typedef struct lint_item {
    lint_severity severity;
    pack_diag where;
} lint_item;

typedef struct lint_report {
    lint_item *items;
    size_t count;
    int errors, warnings;
} lint_report;

void lint_add(lint_report *r, lint_severity s, const pack_diag *d);
void lint_addf(lint_report *r, lint_severity s, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void lint_report_free(lint_report *r);

/* Lints the pack at dir. `known` holds anti-patterns the pack may reference
 * besides its own (the core catalog). On success returns the loaded pack,
 * bank and catalog (the caller frees them) for further checks; NULL when the
 * manifest itself cannot be read. */
pack *pack_lint(const char *dir, const catalog *known, lint_report *r, question_bank *bank,
                catalog *own);
/* Checks that a topic is one the pack or the core pack declares (when either
 * declares any); `file`/`line` locate the reference. */
void pack_lint_topic(const pack *p, const pack *core, lint_report *r, const char *topic,
                     const char *file, int line);
/* Checks the pack's needs against this bdw and its blueprints against its
 * questions. */
void pack_lint_manifest(const pack *p, const char *bdw_version, const question_bank *bank,
                        lint_report *r);

#endif
