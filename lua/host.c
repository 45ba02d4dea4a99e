/* The sandboxed Lua host: one lua_State with its limits.
 *
 * The limits are one budget per run (sim/budget.h) that Lua and every
 * simulator the script calls share: work, counted in VM instructions' worth,
 * and memory, counted in bytes held by the Lua heap and by the simulators.
 * A wall-clock limit on running time (front-end waits left out) is the last
 * line, for the few instructions whose cost the count cannot see.
 *
 * Like redis's script_lua.c, a count hook stops a runaway script; once the
 * run is stopped, every thread that reaches the hook gets a hook on every
 * instruction, each of which raises again, so neither pcall nor a coroutine
 * can keep the script going. The code that Lua runs with hooks off is what
 * would escape: message handlers (our xpcall calls its handler after the
 * error has unwound), finalizers (setmetatable refuses __gc) and the
 * to-be-closed variables of a coroutine that the stop killed (our
 * coroutine.wrap and coroutine.close leave them unclosed); see host_lib.c. */
#include "lua/host.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua/host_int.h"
#include "pack/input.h"

#define LHOST_FILE_LIMIT ((size_t)4 << 20)
/* Allocation counts as work too, one unit per this many bytes: copying and
 * zeroing memory is what the C functions that build big strings spend their
 * time on, and the allocator sees it all. */
#define LHOST_BYTES_PER_UNIT 32
/* Allocations at least this big look at the clock (smaller ones are too
 * cheap and too frequent to be worth it; the hook looks anyway). */
#define LHOST_BIG_ALLOC ((size_t)64 << 10)

/* The time limit counts the CPU time of the thread running the script, so a
 * busy machine does not stop a script that a quiet one would finish, and a
 * front end waiting for a key costs nothing. Reading the CPU clock is a
 * system call, too slow for every hook; the coarse wall clock is read from
 * memory, so it paces the CPU reads to one every LHOST_CPU_CHECK_NS. */
#define LHOST_CPU_CHECK_NS 5000000

static int64_t lhost_clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t lhost_now_ns(void)
{
    return lhost_clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

lhost *lhost_from_state(lua_State *L)
{
    return *(lhost **)lua_getextraspace(L);
}

/* --- limits ------------------------------------------------------------- */

static int64_t lhost_elapsed_ns(const lhost *h)
{
    int64_t t = h->used_ns;
    if (h->running > 0 && h->paused == 0) t += lhost_now_ns() - h->since_ns;
    return t;
}

/* True when the run has used up its time; reads the CPU clock at most once
 * per LHOST_CPU_CHECK_NS of wall time. */
static bool lhost_out_of_time(lhost *h)
{
    int64_t wall = lhost_clock_ns(CLOCK_MONOTONIC_COARSE);
    if (wall - h->checked_ns < LHOST_CPU_CHECK_NS) return false;
    h->checked_ns = wall;
    return lhost_elapsed_ns(h) > h->time_limit_ns;
}

bool lhost_check(lhost *h)
{
    if (h->stop != LHOST_RUNNING) return true;
    if (sim_budget_spent(h->budget)) {
        h->stop = LHOST_STOP_WORK;
    } else if (lhost_out_of_time(h)) {
        h->stop = LHOST_STOP_TIME;
        sim_budget_stop(h->budget); /* so a simulator mid-call stops too */
    }
    return h->stop != LHOST_RUNNING;
}

/* The budget's watch: simulators ask it while they work. */
static bool lhost_watch(void *ud)
{
    lhost *h = ud;
    if (h->stop == LHOST_RUNNING && lhost_out_of_time(h)) h->stop = LHOST_STOP_TIME;
    return h->stop != LHOST_STOP_TIME;
}

static void lhost_stop_message(const lhost *h, char *buf, size_t cap)
{
    if (h->stop == LHOST_STOP_TIME)
        snprintf(buf, cap, "script stopped: it ran for more than %g s of CPU time",
                 (double)h->time_limit_ns / 1e9);
    else if (h->stop_call[0])
        snprintf(buf, cap,
                 "script stopped: %s ran past the run's budget of %llu instructions "
                 "(simulator work counts toward it)",
                 h->stop_call, (unsigned long long)sim_budget_work_limit(h->budget));
    else
        snprintf(buf, cap, "script stopped: it ran past its budget of %llu instructions",
                 (unsigned long long)sim_budget_work_limit(h->budget));
}

static void lhost_hook(lua_State *L, lua_Debug *ar);

/* Notes where the script was when it was first stopped: the first Lua
 * function on the stack. Once stopped, the host hands out no memory, so the
 * stop's own message may be lost to a memory error; this place is not. */
static void lhost_note_where(lua_State *L, lhost *h)
{
    if (h->stop_file[0]) return;
    lua_Debug ar;
    for (int level = 0; level < 8 && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && ar.source[0] == '@') {
            snprintf(h->stop_file, sizeof h->stop_file, "%s", ar.source + 1);
            h->stop_line = ar.currentline;
            return;
        }
    }
}

int lhost_raise_stop(lua_State *L, lhost *h)
{
    lhost_note_where(L, h);
    /* From now on every instruction of this thread comes back here. */
    lua_sethook(L, lhost_hook, LUA_MASKCOUNT, 1);
    char msg[256];
    lhost_stop_message(h, msg, sizeof msg);
    return luaL_error(L, "%s", msg);
}

static void lhost_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lhost *h = lhost_from_state(L);
    if (h->stop == LHOST_RUNNING) {
        sim_budget_charge(h->budget, LHOST_HOOK_EVERY);
        if (!lhost_check(h)) return;
    }
    lhost_raise_stop(L, h);
}

void lhost_charge(lua_State *L, uint64_t units)
{
    lhost *h = lhost_from_state(L);
    if (h->stop == LHOST_RUNNING) {
        sim_budget_charge(h->budget, units);
        if (!lhost_check(h)) return;
    }
    lhost_raise_stop(L, h);
}

int lhost_stop_spent(lua_State *L, const char *call)
{
    lhost *h = lhost_from_state(L);
    if (h->stop == LHOST_RUNNING) {
        lhost_check(h);
        if (h->stop == LHOST_RUNNING) h->stop = LHOST_STOP_WORK;
        if (h->stop == LHOST_STOP_WORK && call)
            snprintf(h->stop_call, sizeof h->stop_call, "%s", call);
    }
    return lhost_raise_stop(L, h);
}

void lhost_pause(lhost *h)
{
    if (h->paused++ == 0 && h->running > 0) h->used_ns += lhost_now_ns() - h->since_ns;
}

void lhost_resume(lhost *h)
{
    if (--h->paused == 0 && h->running > 0) h->since_ns = lhost_now_ns();
}

static void lhost_begin(lhost *h)
{
    if (h->running++ == 0 && h->paused == 0) h->since_ns = lhost_now_ns();
}

static void lhost_end(lhost *h)
{
    if (--h->running == 0 && h->paused == 0) h->used_ns += lhost_now_ns() - h->since_ns;
}

/* --- memory ------------------------------------------------------------- */

static void *lhost_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lhost *h = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        sim_budget_give(h->budget, old);
        free(ptr);
        return NULL;
    }
    if (nsize > old && h->limit_active) {
        size_t more = nsize - old;
        /* A stopped run gets no more memory, so a C function that is busy
         * building something big fails at once rather than at the hook. */
        if (h->stop != LHOST_RUNNING) return NULL;
        if (!sim_budget_take(h->budget, more)) {
            h->oom = true;
            return NULL;
        }
        sim_budget_charge(h->budget, more / LHOST_BYTES_PER_UNIT);
        if ((more >= LHOST_BIG_ALLOC || sim_budget_spent(h->budget)) && lhost_check(h)) {
            sim_budget_give(h->budget, more);
            return NULL;
        }
        void *p = realloc(ptr, nsize);
        if (!p) {
            sim_budget_give(h->budget, more);
            h->oom = true;
        }
        return p;
    }
    void *p = realloc(ptr, nsize);
    if (p) {
        /* A shrink, or memory the host takes outside a call. */
        if (nsize > old)
            sim_budget_force(h->budget, nsize - old);
        else
            sim_budget_give(h->budget, old - nsize);
    }
    return p;
}

/* --- the state ------------------------------------------------------------ */

static int lhost_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "bdw: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
    abort();
}

lhost *lhost_new(const lhost_config *cfg)
{
    lhost *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    size_t mem = cfg && cfg->memory_limit ? cfg->memory_limit : LHOST_DEFAULT_MEMORY;
    uint64_t work =
        cfg && cfg->instruction_limit ? cfg->instruction_limit : LHOST_DEFAULT_INSTRUCTIONS;
    double secs = cfg && cfg->time_limit > 0 ? cfg->time_limit : LHOST_DEFAULT_SECONDS;
    h->time_limit_ns = secs < 1e6 ? (int64_t)(secs * 1e9) : INT64_MAX;
    h->print = cfg ? cfg->print : NULL;
    h->print_ud = cfg ? cfg->print_ud : NULL;
    h->budget = sim_budget_new(work, mem);
    h->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    h->rng = sim_rng_new(cfg ? cfg->seed : 0);
    if (!h->budget || !h->clock || !h->rng) {
        lhost_free(h);
        return NULL;
    }
    sim_budget_set_watch(h->budget, lhost_watch, h);
    h->L = lua_newstate(lhost_alloc, h);
    if (!h->L) {
        lhost_free(h);
        return NULL;
    }
    lua_atpanic(h->L, lhost_panic);
    /* Every thread starts with a copy of the main thread's extra space, so
     * the host is found from any coroutine without a registry lookup. */
    *(lhost **)lua_getextraspace(h->L) = h;
    lhost_build_sandbox(h->L);
    lua_sethook(h->L, lhost_hook, LUA_MASKCOUNT, LHOST_HOOK_EVERY);
    return h;
}

void lhost_free(lhost *h)
{
    if (!h) return;
    /* Closing runs only the bindings' own finalizers (scripts cannot set
     * one), which free simulators and never call back into Lua. */
    if (h->L) lua_close(h->L);
    sim_clock_free(h->clock);
    sim_rng_free(h->rng);
    sim_budget_free(h->budget);
    free(h);
}

lua_State *lhost_state(lhost *h)
{
    return h->L;
}
sim_clock *lhost_clock(lhost *h)
{
    return h->clock;
}
sim_rng *lhost_rng(lhost *h)
{
    return h->rng;
}
sim_budget *lhost_budget(lhost *h)
{
    return h->budget;
}
size_t *lhost_pace_mark(lhost *h)
{
    return &h->pace_mark;
}
size_t lhost_memory_used(const lhost *h)
{
    return sim_budget_memory_used(h->budget);
}
size_t lhost_memory_peak(const lhost *h)
{
    return sim_budget_memory_peak(h->budget);
}
uint64_t lhost_work_used(const lhost *h)
{
    return sim_budget_work_used(h->budget);
}
void lhost_print(lhost *h, const char *text, size_t len)
{
    if (h->print) h->print(h->print_ud, text, len);
}

/* --- errors ------------------------------------------------------------ */

void lhost_describe_error(lua_State *L, int idx, char *buf, size_t cap)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
    case LUA_TNUMBER: {
        /* lua_tolstring would turn a number into a string in place. */
        lua_pushvalue(L, idx);
        snprintf(buf, cap, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return;
    }
    case LUA_TTABLE: {
        /* An AWS error from a binding: {code=, status=, message=}. Read with
         * rawget so no metamethod of the script's runs here. */
        lua_pushliteral(L, "code");
        lua_rawget(L, idx);
        lua_pushliteral(L, "message");
        lua_rawget(L, idx);
        lua_pushliteral(L, "status");
        lua_rawget(L, idx);
        if (lua_type(L, -3) == LUA_TSTRING) {
            snprintf(buf, cap, "%s (%d): %s", lua_tostring(L, -3),
                     lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0,
                     lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "");
            lua_pop(L, 3);
            return;
        }
        lua_pop(L, 3);
        break;
    }
    default:
        break;
    }
    snprintf(buf, cap, "(error object is a %s value)", luaL_typename(L, idx));
}

static int lhost_msgh(lua_State *L)
{
    char msg[1024];
    lhost_describe_error(L, 1, msg, sizeof msg);
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Reads "file:line: ..." from the line s[0..len) into err; false when the
 * line has no such position, or it is a C function's ("[C]"). */
static bool lhost_position(const char *s, size_t len, lhost_error *err)
{
    for (const char *p = memchr(s, ':', len); p;
         p = memchr(p + 1, ':', len - (size_t)(p + 1 - s))) {
        char *end;
        long line = strtol(p + 1, &end, 10);
        if (end > p + 1 && end < s + len && *end == ':' && line > 0 && line < 1000000000) {
            size_t n = (size_t)(p - s);
            if (n == 3 && memcmp(s, "[C]", 3) == 0) return false;
            if (n >= sizeof err->file) n = sizeof err->file - 1;
            memcpy(err->file, s, n);
            err->file[n] = '\0';
            err->line = (int)line;
            return true;
        }
    }
    return false;
}

/* Finds where the error happened: the message's own "file:line:", else the
 * first frame of the traceback that is a Lua function (an error raised by a
 * C function, such as an s: method refusing its argument, names the line of
 * the script that called it). */
static void lhost_locate(lhost_error *err)
{
    if (lhost_position(err->message, strcspn(err->message, "\n"), err)) return;
    for (const char *t = strstr(err->traceback, "\n\t"); t; t = strstr(t, "\n\t")) {
        t += 2;
        if (lhost_position(t, strcspn(t, "\n"), err)) return;
    }
}

static void lhost_fill_error(lhost *h, int status, lhost_error *err)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    lua_State *L = h->L;
    const char *raw = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (raw) {
        const char *tb = strstr(raw, "\nstack traceback:");
        size_t n = tb ? (size_t)(tb - raw) : strlen(raw);
        if (n >= sizeof err->message) n = sizeof err->message - 1;
        memcpy(err->message, raw, n);
        err->message[n] = '\0';
        if (tb) snprintf(err->traceback, sizeof err->traceback, "%s", tb + 1);
    } else {
        lhost_describe_error(L, -1, err->message, sizeof err->message);
    }
    /* Where the script was is worth keeping, whatever stopped it. */
    lhost_locate(err);
    if (h->stop != LHOST_RUNNING) {
        err->out_of_time = true;
        char msg[sizeof err->message - 64];
        lhost_stop_message(h, msg, sizeof msg);
        if (h->stop_file[0]) {
            snprintf(err->file, sizeof err->file, "%s", h->stop_file);
            err->line = h->stop_line;
        }
        if (err->file[0] && err->line > 0)
            snprintf(err->message, sizeof err->message, "%.400s:%d: %s", err->file, err->line, msg);
        else
            snprintf(err->message, sizeof err->message, "%s", msg);
    } else if (status == LUA_ERRMEM || (status == LUA_ERRERR && h->oom)) {
        err->out_of_memory = true;
        snprintf(err->message, sizeof err->message,
                 "script stopped: it used more than its %zu MB of memory (Lua and the "
                 "simulators together)",
                 sim_budget_memory_limit(h->budget) >> 20);
    }
}

/* The one protected path: message handler with traceback, limits armed. */
static int lhost_pcall(lhost *h, int nargs, int nresults, int *base_out)
{
    lua_State *L = h->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, lhost_msgh);
    lua_insert(L, base);
    bool outer = !h->limit_active;
    h->limit_active = true;
    h->oom = false;
    lhost_begin(h);
    int status = lua_pcall(L, nargs, nresults, base);
    lhost_end(h);
    if (outer) h->limit_active = false;
    lua_remove(L, base);
    *base_out = base;
    return status;
}

bool lhost_call(lhost *h, int nargs, int nresults, lhost_error *err)
{
    lua_State *L = h->L;
    if (h->stop != LHOST_RUNNING) {
        /* A stopped run does not start again. */
        lua_pop(L, nargs + 1);
        lua_pushliteral(L, "script stopped");
        lhost_fill_error(h, LUA_ERRRUN, err);
        lua_pop(L, 1);
        return false;
    }
    int base;
    int status = lhost_pcall(h, nargs, nresults, &base);
    if (status != LUA_OK || h->stop != LHOST_RUNNING) {
        if (status == LUA_OK) {
            /* The script swallowed the stop with pcall and returned anyway. */
            lua_settop(L, base - 1);
            lua_pushliteral(L, "script stopped");
        }
        lhost_fill_error(h, status, err);
        lua_pop(L, 1);
        return false;
    }
    return true;
}

bool lhost_pcall_c(lhost *h, lua_CFunction f, void *ud, int nargs, int nresults, lhost_error *err)
{
    lua_State *L = h->L;
    if (!lua_checkstack(L, 3)) {
        lua_pop(L, nargs);
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message, "out of Lua stack");
        }
        return false;
    }
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, ud);
    lua_rotate(L, -(nargs + 2), 2); /* f, ud, args... */
    return lhost_call(h, nargs + 1, nresults, err);
}

/* --- loading ----------------------------------------------------------- */

bool lhost_load(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err)
{
    char chunkname[512];
    snprintf(chunkname, sizeof chunkname, "@%s", name);
    bool outer = !h->limit_active;
    h->limit_active = true;
    h->oom = false;
    lhost_begin(h);
    int status = luaL_loadbufferx(h->L, chunk, len, chunkname, "t");
    lhost_end(h);
    if (outer) h->limit_active = false;
    if (status != LUA_OK) {
        lhost_fill_error(h, status, err);
        lua_pop(h->L, 1);
        return false;
    }
    return true;
}

bool lhost_load_file(lhost *h, const char *path, const char *display_name, lhost_error *err)
{
    /* The one reader of outside files: a regular file only (a FIFO would
     * block), at most LHOST_FILE_LIMIT. */
    char *buf = NULL;
    size_t n = 0;
    pack_diag d;
    if (!pack_input_read(path, display_name, LHOST_FILE_LIMIT, PACK_INPUT_REGULAR, &buf, &n, &d,
                         NULL)) {
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message, "%s: %s", display_name, d.message);
            snprintf(err->file, sizeof err->file, "%s", display_name);
        }
        return false;
    }
    bool ok = lhost_load(h, buf, n, display_name, err);
    free(buf);
    return ok;
}

bool lhost_run(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err)
{
    if (!lhost_load(h, chunk, len, name, err)) return false;
    return lhost_call(h, 0, 0, err);
}
