#ifndef LUA_SCENARIO_EXPLORE_H
#define LUA_SCENARIO_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>

#include "pack/lint.h"
#include "pack/pack.h"

/* How much exploring one scenario may take: runs, and wall-clock seconds (0:
 * no limit), since a scenario that simulates a big workload per run could
 * otherwise keep lint busy for hours. */
typedef struct scn_explore_budget {
    int max_runs;
    double seconds;
} scn_explore_budget;

/* Plays the scenario along every branch (each option of each question, and
 * an empty, a small and a large answer to each input), breadth first, within
 * the budget, with the given seed, and adds what it finds to r: runtime errors, unknown
 * anti-pattern ids, step ids used twice or for different questions. Returns
 * the number of runs; *complete says whether every branch was explored. */
/* The heaviest run's share of the sandbox's budget, across the branches. */
typedef struct scn_explore_stats {
    uint64_t max_work;
    size_t max_memory;
} scn_explore_stats;

int scn_explore(const pack_file *f, const catalog *known, const catalog *own,
                const scn_explore_budget *budget, uint64_t seed, lint_report *r, bool *complete,
                scn_explore_stats *stats);

#endif
