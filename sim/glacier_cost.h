#ifndef SIM_GLACIER_COST_H
#define SIM_GLACIER_COST_H

/* What Glacier work costs the script's budget (sim/budget.h): requests to a
 * vault and what they walk (glacier*.c); the policies they evaluate charge
 * their own statements (policy_cost.h). Nothing outside those files
 * includes this header.
 *
 * A unit is about one Lua VM instruction: 4 ns on the reference machine (the
 * project's 2-core x86-64 VM, where Lua 5.4 runs `x = x + i` at 3.9 ns an
 * instruction under a count hook). Each figure is the measured cost of one
 * piece of work divided by 4 ns, timed on a Release build (gcc 12 -O2)
 * (CPU time; the machine was shared with other jobs, so the figures are
 * high by up to 1.5x) by running each request against vaults of 10, 1,000
 * and 100,000 archives and up to 1,000 jobs; bench/bench_sim_costs.c checks
 * the whole (4.9 ns a unit). */
enum {
    /* A request's fixed part: its checks and the lazy tick's lock check
     * (authorize 160 ns, DescribeJob 170 ns). */
    GLACIER_COST_CALL = 40,
    /* Its timeline entry, for a request that writes one (a denial too):
     * sizes and durations formatted, then the detail, unless the timeline
     * is full (512 events): an upload took 1.1-1.5 us with its entry, 350
     * ns once the timeline was full; InitiateJob 1 us either way. */
    GLACIER_COST_LOG = 150,
    /* Jobs per unit walked by the lazy tick (every request walks them all)
     * and by a job's lookup (DescribeJob with 1,000 jobs: 2.8 us). */
    GLACIER_JOBS_PER_UNIT = 2,
    /* Archives per unit compared by a lookup (strcmp of IDs: 1.5 ns each,
     * paid for as far as the search went) or moved down by a delete (3 ns
     * each: DeleteArchive in a vault of 100,000, 307 us). */
    GLACIER_ARCHIVES_PER_UNIT = 2,
    /* Archives per unit billed by the costs (3.4 ns each: a division). */
    GLACIER_ARCHIVES_BILLED_PER_UNIT = 1,
    /* A vault compared by name (CreateVault in an account of 3,000: 7.5
     * us). */
    GLACIER_COST_VAULT = 1,
    /* A tag compared while tags are set (an upload's tags are deduplicated
     * one against the others: 3,000 tags, 15 ms). */
    GLACIER_COST_TAG = 1,
    /* A provisioned-capacity start time looked at by an Expedited job. */
    GLACIER_COST_RECENT = 1,
};

#endif
