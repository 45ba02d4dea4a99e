#ifndef SIM_BUDGET_H
#define SIM_BUDGET_H

/* One budget for a whole script run: the work it may do and the memory it
 * may hold, shared by the Lua host (VM instructions, the Lua heap) and by
 * every simulator the script calls (records produced, cache operations,
 * objects crawled, and the memory they keep).
 *
 * Work is counted in units of about one Lua VM instruction (a few ns), so a
 * simulator charges an operation what it costs in instructions' worth
 * (each simulator keeps its charges in one table beside its other numbers).
 * Once the work runs out the budget stays spent: every later charge fails,
 * and the simulator returns SIM_BUDGET_EXCEEDED.
 *
 * Memory is counted in the bytes the C library really hands out
 * (malloc_usable_size), so sim_free needs no size and memory from sim_malloc
 * may still be given to free() (it is then only left uncounted).
 *
 * A NULL budget is no budget: every charge succeeds and nothing is counted.
 * Tests and benchmarks that drive a simulator directly pass NULL. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_budget sim_budget;

sim_budget *sim_budget_new(uint64_t work_limit, size_t memory_limit);
void sim_budget_free(sim_budget *b);

/* --- work ---------------------------------------------------------------- */

/* Charges units of work; false once the budget is spent (from then on). */
bool sim_budget_charge(sim_budget *b, uint64_t units);
/* Charges n operations of cost units each, saturating on overflow. */
bool sim_budget_charge_n(sim_budget *b, uint64_t n, uint64_t units);
bool sim_budget_spent(const sim_budget *b);
/* Spends what is left: the host's watchdog stops a run this way. */
void sim_budget_stop(sim_budget *b);
uint64_t sim_budget_work_used(const sim_budget *b);
uint64_t sim_budget_work_limit(const sim_budget *b);

/* A check the host wants made every SIM_BUDGET_WATCH_EVERY units charged (a
 * wall-clock watchdog): returning false spends the budget. It keeps sim/
 * free of real time; only the host looks at a clock. */
#define SIM_BUDGET_WATCH_EVERY (UINT64_C(1) << 20)
void sim_budget_set_watch(sim_budget *b, bool (*watch)(void *ud), void *ud);

/* --- memory ---------------------------------------------------------------- */

/* Takes n bytes from the budget; false (and nothing taken) when that would
 * pass the cap. */
bool sim_budget_take(sim_budget *b, size_t n);
/* Takes n bytes whatever the cap (memory the host must have). */
void sim_budget_force(sim_budget *b, size_t n);
void sim_budget_give(sim_budget *b, size_t n);
size_t sim_budget_memory_used(const sim_budget *b);
size_t sim_budget_memory_peak(const sim_budget *b);
size_t sim_budget_memory_limit(const sim_budget *b);
/* True once a take was refused (for messages: "ran out of memory"). */
bool sim_budget_memory_refused(const sim_budget *b);

/* The C library's allocation functions, counted against b. They fail (NULL)
 * when the budget's memory cap would be passed, as malloc fails when the
 * machine's memory is gone. */
void *sim_malloc(sim_budget *b, size_t n);
void *sim_calloc(sim_budget *b, size_t n, size_t size);
/* Like realloc: on failure p is left as it was. */
void *sim_realloc(sim_budget *b, void *p, size_t n);
/* reallocarray: n * size with an overflow check. */
void *sim_reallocarray(sim_budget *b, void *p, size_t n, size_t size);
char *sim_strdup(sim_budget *b, const char *s);
char *sim_strndup(sim_budget *b, const char *s, size_t n);
void sim_free(sim_budget *b, void *p);

#endif
