#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

/* What the benchmarks share: the CPU clock, measuring one workload's units
 * per CPU second, and publishing a report (stdout and bench/results/). */

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "sim/budget.h"

/* The process's CPU time: on a shared machine it is far steadier than the
 * wall clock, and it is what a budget stands for. */
static inline double bench_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What one workload cost: its best CPU time of three runs without a budget,
 * then the units one run charges to a budget, and the memory that budget
 * still counted after the workload freed everything (it should be 0). */
typedef struct bench_cost {
    double best_s;
    uint64_t units;
    size_t left;
} bench_cost;

static inline bench_cost bench_measure_cost(void (*run)(sim_budget *b))
{
    bench_cost c = {1e30, 0, 0};
    for (int r = 0; r < 3; r++) {
        double t0 = bench_cpu_s();
        run(NULL);
        double t = bench_cpu_s() - t0;
        if (t < c.best_s) c.best_s = t;
    }
    sim_budget *b = sim_budget_new(UINT64_MAX / 2, SIZE_MAX / 2);
    run(b);
    c.units = sim_budget_work_used(b);
    c.left = sim_budget_memory_used(b);
    sim_budget_free(b);
    return c;
}

/* Prints the report and writes it to outpath (`name` in the message when
 * it cannot). */
static inline void bench_publish(const char *name, const char *report, const char *outpath)
{
    fputs(report, stdout);
    FILE *f = fopen(outpath, "w");
    if (f) {
        fputs(report, f);
        fclose(f);
    } else {
        fprintf(stderr, "%s: cannot write %s\n", name, outpath);
    }
}

#endif
