/* The budget's two errors, in one wording (budget_fail.h). */
#include "sim/budget_fail.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

sim_status sim_fail_work(sim_error *err, const char *fmt, ...)
{
    if (!err) return SIM_BUDGET_EXCEEDED;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return sim_fail(err, SIM_BUDGET_EXCEEDED, "the script's work budget ran out %s", what);
}

sim_status sim_fail_memory(sim_error *err, const sim_budget *b, const char *fmt, ...)
{
    if (!err) return SIM_NO_MEMORY;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (!b) return sim_fail(err, SIM_NO_MEMORY, "out of memory: %s", what);
    size_t cap = sim_budget_memory_limit(b);
    bool mib = cap >= (size_t)1 << 20;
    return sim_fail(err, SIM_NO_MEMORY, "out of memory: %s (the script may hold %zu %s)", what,
                    mib ? cap >> 20 : cap >> 10, mib ? "MiB" : "KiB");
}
