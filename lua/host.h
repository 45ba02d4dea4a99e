#ifndef LUA_HOST_H
#define LUA_HOST_H

/* The sandboxed Lua host. One lhost owns one lua_State, built from an
 * allow-list of libraries (see host.c), with a memory cap, an instruction
 * budget that pcall cannot swallow, text-only chunks, and the simulator API
 * (`aws.*`, `clock`). A fresh lhost is made for every scenario or script, so
 * nothing leaks from one to the next. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/rng.h"

typedef struct lhost lhost;
typedef struct lua_State lua_State;
typedef int (*lua_CFunction)(lua_State *L);

typedef struct lhost_config {
    uint64_t seed;              /* seeds math.random and every simulator */
    size_t memory_limit;        /* bytes held by Lua and the simulators together;
                                   0 = LHOST_DEFAULT_MEMORY */
    uint64_t instruction_limit; /* work per run, in VM instructions' worth, shared by
                                   Lua and the simulators; 0 = LHOST_DEFAULT_INSTRUCTIONS */
    double time_limit;          /* CPU seconds of running per host, front-end calls left
                                   out; 0 = LHOST_DEFAULT_SECONDS */
    /* Where print() goes; NULL discards. */
    void (*print)(void *ud, const char *text, size_t len);
    void *print_ud;
} lhost_config;

#define LHOST_DEFAULT_MEMORY ((size_t)128 << 20)
#define LHOST_DEFAULT_INSTRUCTIONS UINT64_C(200000000)
#define LHOST_DEFAULT_SECONDS 5.0

/* What went wrong in a chunk: "pack/file.lua:12: message", the location
 * split out for tools, and a traceback for authors. */
typedef struct lhost_error {
    char message[1024];
    char file[512];
    int line;
    char traceback[4096];
    bool out_of_memory;
    bool out_of_time;
} lhost_error;

lhost *lhost_new(const lhost_config *cfg);
void lhost_free(lhost *h);

lua_State *lhost_state(lhost *h);
sim_clock *lhost_clock(lhost *h);
sim_rng *lhost_rng(lhost *h);
size_t lhost_memory_used(const lhost *h);
size_t lhost_memory_peak(const lhost *h);
uint64_t lhost_work_used(const lhost *h);
/* Sends text to the host's print callback (the script's print()). */
void lhost_print(lhost *h, const char *text, size_t len);

/* The run's one budget (work and memory), shared by Lua and by every
 * simulator a binding creates. */
sim_budget *lhost_budget(lhost *h);

/* The simulator memory the bindings last paced the collector for
 * (bind.c). */
size_t *lhost_pace_mark(lhost *h);

/* Finds the host of a state or of any of its threads (for bindings). */
lhost *lhost_from_state(lua_State *L);

/* Charges work done by a C function that loops without returning to the VM
 * (string.rep, pattern matching, table.move, ...). When the budget is spent
 * it raises the stop error, and every later instruction raises it again, so
 * pcall cannot keep the script going. Call it before the work, in chunks. */
void lhost_charge(lua_State *L, uint64_t units);

/* Raises the stop error for a budget that a simulator found spent, naming
 * the call ("stream:produce"). */
int lhost_stop_spent(lua_State *L, const char *call);

/* Front-end waits (a learner thinking) do not count toward the time limit:
 * the scenario runtime pauses the clock around them. */
void lhost_pause(lhost *h);
void lhost_resume(lhost *h);

/* Loads a text chunk (binary chunks are refused) under the name shown in
 * errors, e.g. "core/scenarios/athena.lua", and leaves the function on the
 * stack. Returns false and fills err on a syntax error. */
bool lhost_load(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err);
/* Reads a file and loads it, naming it `display_name` in messages. */
bool lhost_load_file(lhost *h, const char *path, const char *display_name, lhost_error *err);

/* Calls the function below nargs arguments on the stack through the one
 * protected path (message handler with traceback, instruction budget armed).
 * Leaves nresults values on success. */
bool lhost_call(lhost *h, int nargs, int nresults, lhost_error *err);

/* Calls the C function f(ud, ...) through the same protected path: ud as a
 * light userdata, then the nargs values on top of the stack. For host code
 * that reads values a script made: a metamethod, an error or a memory
 * failure there is then an error report, never an unprotected error. Leaves
 * nresults values on success. */
bool lhost_pcall_c(lhost *h, lua_CFunction f, void *ud, int nargs, int nresults, lhost_error *err);

/* Loads and runs a chunk in one step, discarding its results. */
bool lhost_run(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err);

/* Formats an error object at index idx without running any metamethod:
 * strings and numbers as they are, AWS error tables as "Code (status): msg". */
void lhost_describe_error(lua_State *L, int idx, char *buf, size_t cap);

#endif
