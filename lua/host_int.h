#ifndef LUA_HOST_INT_H
#define LUA_HOST_INT_H

/* Private to the host (host*.c): the state of one sandbox and the pieces of
 * the library that replace Lua's own. */

#include <lua.h>
#include <stdbool.h>
#include <stdint.h>

#include "lua/host.h"

/* Count hook period, in VM instructions. Every hook charges this much to the
 * budget and looks at the clock, so a run is stopped at most this many
 * instructions after its limit; 100 costs no more than 1000 (a hook of any
 * period slows the VM's dispatch about the same), and an instruction can be
 * slow (comparing two 50 MB strings, converting one to a number), so the
 * shorter period keeps the stop prompt. */
#define LHOST_HOOK_EVERY 100

/* Why a run was stopped; once set it stays. */
typedef enum { LHOST_RUNNING, LHOST_STOP_WORK, LHOST_STOP_TIME } lhost_stop;

struct lhost {
    lua_State *L;
    sim_clock *clock;
    sim_rng *rng;
    sim_budget *budget;
    bool limit_active; /* the memory cap applies while script code runs */
    bool oom;          /* a Lua allocation was refused during the call */
    lhost_stop stop;
    char stop_call[64];  /* the simulator call that found the budget spent */
    char stop_file[256]; /* where the script was when it was stopped */
    int stop_line;
    int64_t time_limit_ns;
    int64_t used_ns;    /* running time of finished segments */
    int64_t since_ns;   /* when the current segment began (CPU clock) */
    int64_t checked_ns; /* wall time of the last look at the CPU clock */
    int running;        /* depth of lhost_call */
    int paused;         /* depth of lhost_pause */
    size_t pace_mark;   /* see lbind_pace */
    void (*print)(void *ud, const char *text, size_t len);
    void *print_ud;
};

/* Raises the stop error from any thread, and makes every later instruction
 * of that thread raise it too. */
int lhost_raise_stop(lua_State *L, lhost *h);
/* True once the run is stopped, checking the clock first. */
bool lhost_check(lhost *h);

/* Builds the globals table from the allow-list (host_lib.c). */
void lhost_build_sandbox(lua_State *L);
/* Replaces the library functions that loop in C with bounded ones
 * (host_bounded.c): string.rep, the table functions, the utf8 scans. */
void lhost_bound_string(lua_State *L, int strtab);
void lhost_bound_table(lua_State *L, int tabtab);
void lhost_bound_utf8(lua_State *L, int utf8tab);

#endif
