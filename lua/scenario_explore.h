#ifndef LUA_SCENARIO_EXPLORE_H
#define LUA_SCENARIO_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>

#include "pack/lint.h"
#include "pack/pack.h"

/* Plays the scenario along every branch (each option of each question, and
 * an empty, a small and a large answer to each input), at most max_runs runs
 * with the given seed, and adds what it finds to r: runtime errors, unknown
 * anti-pattern ids, step ids used twice or for different questions. Returns
 * the number of runs; *complete says whether every branch was explored. */
int scn_explore(const pack_file *f, const catalog *known, const catalog *own, int max_runs,
                uint64_t seed, lint_report *r, bool *complete);

#endif
