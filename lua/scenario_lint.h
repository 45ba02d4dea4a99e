#ifndef LUA_SCENARIO_LINT_H
#define LUA_SCENARIO_LINT_H

/* Scenario checks for `bdw pack lint`: every scenario loads in the sandbox,
 * declares what a scenario must declare, has a unique id, and names only
 * anti-patterns that a catalog defines. */

#include "pack/lint.h"
#include "pack/pack.h"

/* How many runs lint spends exploring one scenario's branches. */
#define SCN_LINT_MAX_RUNS 512

void scn_lint_pack(const pack *p, const catalog *known, const catalog *own, lint_report *r);

#endif
