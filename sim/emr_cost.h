#ifndef SIM_EMR_COST_H
#define SIM_EMR_COST_H

/* What EMR work costs the script's budget (sim/budget.h): a cluster's
 * calls and the instance lives they walk (emr.c). Nothing outside emr.c
 * includes this header.
 *
 * A unit is about one Lua VM instruction: 4 ns on the reference machine (the
 * project's 2-core x86-64 VM, where Lua 5.4 runs `x = x + i` at 3.9 ns an
 * instruction under a count hook). Each figure is the measured cost of one
 * piece of work divided by 4 ns, timed on a Release build (gcc 12 -O2)
 * (CPU time; the machine was shared with other jobs, so the figures are
 * high by up to 1.5x) on clusters of 21 to 1,000 nodes resized up to 4,000
 * times (1.8 million lives, kept for billing: they count toward the memory
 * cap); bench/bench_sim_costs.c checks the whole (3.0 ns a unit). */
enum {
    /* A call's fixed part: its checks and the groups walked (8 at most):
     * an HDFS write, 4 ns. */
    EMR_COST_CALL = 2,
    /* A new cluster: validation, the groups copied, its allocation (21
     * nodes: 145 ns with the free). */
    EMR_COST_NEW = 35,
    /* A review: the rules and up to 16 findings formatted (snprintf):
     * 310 ns. */
    EMR_COST_REVIEW = 80,
    /* Lives ended per unit by a resize or a loss (a stack of the running
     * ones is popped: 1 ns a life). */
    EMR_LIVES_PER_UNIT = 4,
    /* Lives per unit that usage sums (1.5 ns a life: 2.6 ms for 1.8
     * million). */
    EMR_USAGE_LIVES_PER_UNIT = 2,
    /* Lives added per unit (a node launched or replaced, its slot
     * written: 2 ns). */
    EMR_NODES_PER_UNIT = 2,
};

#endif
