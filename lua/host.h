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

#include "sim/clock.h"
#include "sim/rng.h"

typedef struct lhost lhost;
typedef struct lua_State lua_State;

typedef struct lhost_config {
    uint64_t seed;             /* seeds math.random and every simulator */
    size_t memory_limit;       /* bytes; 0 = LHOST_DEFAULT_MEMORY */
    uint64_t instruction_limit;/* VM instructions per run; 0 = LHOST_DEFAULT_INSTRUCTIONS */
    /* Where print() goes; NULL discards. */
    void (*print)(void *ud, const char *text, size_t len);
    void *print_ud;
} lhost_config;

#define LHOST_DEFAULT_MEMORY ((size_t)64 << 20)
#define LHOST_DEFAULT_INSTRUCTIONS UINT64_C(200000000)

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

/* Finds the host of a state (for bindings). */
lhost *lhost_from_state(lua_State *L);

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

/* Loads and runs a chunk in one step, discarding its results. */
bool lhost_run(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err);

/* Formats an error object at index idx without running any metamethod:
 * strings and numbers as they are, AWS error tables as "Code (status): msg". */
void lhost_describe_error(lua_State *L, int idx, char *buf, size_t cap);

#endif
