#ifndef SIM_BUDGET_FAIL_H
#define SIM_BUDGET_FAIL_H

/* The two errors a simulator returns when the script's budget (budget.h)
 * says no, worded the same way by every simulator that charges one:
 *
 *   SIM_BUDGET_EXCEEDED  "the script's work budget ran out producing records"
 *   SIM_NO_MEMORY        "out of memory: storing records in stream orders (the
 *                         script may hold 64 MiB)"
 *
 * `fmt` says what the simulator was doing, as a phrase that follows "ran
 * out" or "out of memory:". The memory cap is named only when there is a
 * budget. */

#include "sim/budget.h"
#include "sim/status.h"

sim_status sim_fail_work(sim_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
sim_status sim_fail_memory(sim_error *err, const sim_budget *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
