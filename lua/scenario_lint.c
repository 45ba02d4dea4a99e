#include "lua/scenario_lint.h"

#include <stdio.h>
#include <string.h>

#include "lua/scenario.h"
#include "lua/scenario_explore.h"

void scn_lint_pack(const pack *p, const catalog *known, const catalog *own,
                   const scn_explore_budget *budget, lint_report *r)
{
    char ids[64][128];
    size_t nids = 0;
    for (size_t i = 0; i < p->nscenarios; i++) {
        const pack_file *f = &p->scenarios[i];
        scn_meta m;
        lhost_error err;
        if (!scn_read_meta(f->path, f->display, &m, &err)) {
            lint_addf(r, LINT_ERROR, err.file[0] ? err.file : f->display, err.line, "%s",
                      err.message);
            continue;
        }
        if (!m.summary[0])
            lint_addf(r, LINT_WARNING, f->display, 0, "scenario \"%s\" has no summary", m.id);
        if (!m.topics[0])
            lint_addf(r, LINT_WARNING, f->display, 0, "scenario \"%s\" lists no topics", m.id);
        for (size_t k = 0; k < nids; k++)
            if (strcmp(ids[k], m.id) == 0)
                lint_addf(r, LINT_ERROR, f->display, 0, "duplicate scenario id \"%s\"", m.id);
        if (nids < 64) snprintf(ids[nids++], sizeof ids[0], "%s", m.id);
        bool complete;
        scn_explore_stats stats;
        int runs = scn_explore(f, known, own, budget, 1, r, &complete, &stats);
        /* A branch that comes near a limit will be stopped on a learner's
         * run with a little more data or a slower machine. */
        double work = (double)stats.max_work / (double)LHOST_DEFAULT_INSTRUCTIONS;
        double mem = (double)stats.max_memory / (double)LHOST_DEFAULT_MEMORY;
        if (work > SCN_LINT_NEAR_LIMIT || mem > SCN_LINT_NEAR_LIMIT)
            lint_addf(r, LINT_WARNING, f->display, 0,
                      "the heaviest run of \"%s\" used %.0f%% of the sandbox's work budget and "
                      "%.0f%% of its memory (%zu MB of %zu): keep a margin, or the scenario "
                      "may be stopped",
                      m.id, work * 100, mem * 100, stats.max_memory >> 20,
                      (size_t)LHOST_DEFAULT_MEMORY >> 20);

        if (!complete)
            lint_addf(r, LINT_WARNING, f->display, 0,
                      "explored %d branches of \"%s\" within the budget (--explore-runs, "
                      "--explore-seconds); the rest were not checked",
                      runs, m.id);
    }
}
