#ifndef LEARN_REPORT_H
#define LEARN_REPORT_H

/* The class report: an instructor merges learners' `bdw export --json` files
 * into figures per scenario, per question and per learner. */

#include <jansson.h>
#include <stdbool.h>

#include "pack/diag.h"

typedef struct report report;

report *report_new(void);
void report_free(report *r);
/* Adds one export file; on a problem fills d (file:line:column) and returns
 * false, leaving the report as it was. */
bool report_add_file(report *r, const char *path, pack_diag *d);
/* The merged figures as JSON (the caller owns the result). */
json_t *report_to_json(const report *r);

#endif
