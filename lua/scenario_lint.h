#ifndef LUA_SCENARIO_LINT_H
#define LUA_SCENARIO_LINT_H

/* Scenario checks for `bdw pack lint`: every scenario loads in the sandbox,
 * declares what a scenario must declare, has a unique id, and names only
 * anti-patterns that a catalog defines. */

#include "lua/scenario_explore.h"
#include "pack/lint.h"
#include "pack/pack.h"

/* What lint spends exploring one scenario's branches, by default. */
#define SCN_LINT_MAX_RUNS 512
#define SCN_LINT_SECONDS 5.0
/* The share of the sandbox's work or memory past which a branch is said to
 * be near the limit. */
#define SCN_LINT_NEAR_LIMIT 0.75

void scn_lint_pack(const pack *p, const catalog *known, const catalog *own,
                   const scn_explore_budget *budget, lint_report *r);

#endif
