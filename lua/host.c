/* The sandboxed Lua host.
 *
 * Like linit.c, the set of libraries is an allow-list: we open each library
 * into a private table, then copy only the names listed below into a fresh
 * globals table. Anything not named here (os, io, package, require, debug,
 * dofile, loadfile, collectgarbage, raw*, string.dump, warn) never reaches a
 * script. Like redis's script_lua.c, a count hook stops runaway scripts and,
 * once it has fired, fires on every instruction so that pcall cannot swallow
 * the stop. */
#include "lua/host.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/bind.h"

#define LHOST_HOOK_EVERY 1000
#define LHOST_FILE_LIMIT ((size_t)4 << 20)

struct lhost {
    lua_State *L;
    sim_clock *clock;
    sim_rng *rng;
    size_t mem_used;
    size_t mem_limit;
    bool limit_active; /* the cap applies while script code runs */
    bool oom;
    uint64_t instr_limit;
    uint64_t instr_count;
    bool killed;
    void (*print)(void *ud, const char *text, size_t len);
    void *print_ud;
};

static const char lhost_key = 'h';

static void *lhost_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lhost *h = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        h->mem_used -= old;
        free(ptr);
        return NULL;
    }
    if (nsize > old && h->limit_active && h->mem_used + (nsize - old) > h->mem_limit) {
        h->oom = true;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    h->mem_used = h->mem_used - old + nsize;
    return p;
}

lhost *lhost_from_state(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lhost_key);
    lhost *h = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return h;
}

static void lhost_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lhost *h = lhost_from_state(L);
    if (!h->killed) {
        h->instr_count += LHOST_HOOK_EVERY;
        if (h->instr_count < h->instr_limit) return;
        h->killed = true;
        /* From now on every instruction raises, in this thread; other threads
         * still have the count hook, which lands here too. */
        lua_sethook(L, lhost_hook, LUA_MASKCOUNT, 1);
    }
    luaL_error(L, "script stopped: it ran past its budget of %llu instructions",
               (unsigned long long)h->instr_limit);
}

static int lhost_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "bdw: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
    abort();
}

/* --- replacements for library functions ------------------------------- */

static int lhost_print(lua_State *L)
{
    lhost *h = lhost_from_state(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (h->print) h->print(h->print_ud, s, len);
    return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]): strings only, text only. */
static int lhost_lua_load(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    int env = !lua_isnone(L, 4) ? 4 : 0;
    int status = luaL_loadbufferx(L, s, len, name, "t");
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (env) {
        lua_pushvalue(L, env);
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    }
    return 1;
}

/* math.random with the host's seeded generator; same contract as Lua 5.4. */
static int lhost_random(lua_State *L)
{
    sim_rng *r = lhost_from_state(L)->rng;
    lua_Integer lo, hi;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)sim_rng_uniform(r));
        return 1;
    case 1:
        lo = 1;
        hi = luaL_checkinteger(L, 1);
        if (hi == 0) {
            lua_pushinteger(L, (lua_Integer)sim_rng_next(r));
            return 1;
        }
        break;
    case 2:
        lo = luaL_checkinteger(L, 1);
        hi = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
    lua_pushinteger(L, (lua_Integer)sim_rng_range(r, (int64_t)lo, (int64_t)hi));
    return 1;
}

static int lhost_randomseed(lua_State *L)
{
    lua_Integer seed = luaL_optinteger(L, 1, 0);
    sim_rng_reseed(lhost_from_state(L)->rng, (uint64_t)seed);
    return 0;
}

static int lhost_undefined_global(lua_State *L)
{
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "attempt to use undefined global '%s'", name ? name : "?");
}

/* --- building the sandbox --------------------------------------------- */

static const char *const base_allowed[] = {
    "assert", "error",    "ipairs",   "next",         "pairs",  "pcall", "select",
    "tonumber", "tostring", "type",   "xpcall",       "setmetatable", "getmetatable",
    "_VERSION", NULL,
};
static const char *const string_allowed[] = {
    "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
    "rep",  "reverse", "sub", "upper", "pack", "packsize", "unpack", NULL,
};
static const char *const table_allowed[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL,
};
static const char *const math_allowed[] = {
    "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max",
    "maxinteger", "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt", "tan",
    "tointeger", "type", "ult", "atan", "asin", "acos", NULL,
};
static const char *const utf8_allowed[] = {
    "char", "charpattern", "codepoint", "codes", "len", "offset", NULL,
};
static const char *const coroutine_allowed[] = {
    "create", "isyieldable", "resume", "running", "status", "wrap", "yield", "close", NULL,
};

/* Opens a library privately and copies the allowed names into a new table,
 * left on the stack. */
static void lhost_filtered(lua_State *L, const char *name, lua_CFunction open,
                           const char *const *allowed)
{
    luaL_requiref(L, name, open, 0);
    lua_newtable(L);
    for (const char *const *k = allowed; *k; k++) {
        lua_getfield(L, -2, *k);
        lua_setfield(L, -2, *k);
    }
    lua_remove(L, -2);
}

static void lhost_build_sandbox(lua_State *L)
{
    /* The base library writes into the initial globals; we read from it and
     * build the real globals table from the allow-list. */
    luaL_requiref(L, "_G", luaopen_base, 0);
    int base = lua_gettop(L);
    lua_newtable(L);
    int env = lua_gettop(L);
    for (const char *const *k = base_allowed; *k; k++) {
        lua_getfield(L, base, *k);
        lua_setfield(L, env, *k);
    }
    lua_pushcfunction(L, lhost_print);
    lua_setfield(L, env, "print");
    lua_pushcfunction(L, lhost_lua_load);
    lua_setfield(L, env, "load");

    lhost_filtered(L, LUA_STRLIBNAME, luaopen_string, string_allowed);
    /* Method calls on strings go through the string metatable: point it at
     * the filtered table, and hide it from getmetatable. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_setfield(L, env, LUA_STRLIBNAME);

    lhost_filtered(L, LUA_TABLIBNAME, luaopen_table, table_allowed);
    lua_setfield(L, env, LUA_TABLIBNAME);
    lhost_filtered(L, LUA_MATHLIBNAME, luaopen_math, math_allowed);
    lua_pushcfunction(L, lhost_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, lhost_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_setfield(L, env, LUA_MATHLIBNAME);
    lhost_filtered(L, LUA_UTF8LIBNAME, luaopen_utf8, utf8_allowed);
    lua_setfield(L, env, LUA_UTF8LIBNAME);
    lhost_filtered(L, LUA_COLIBNAME, luaopen_coroutine, coroutine_allowed);
    lua_setfield(L, env, LUA_COLIBNAME);

    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");

    /* The simulator API: aws.*, clock, and the scenario constructor. */
    lbind_open_all(L, env);

    /* Reading an undefined global is an error (typos in scenarios show up at
     * once), and the metatable itself is protected. */
    lua_newtable(L);
    lua_pushcfunction(L, lhost_undefined_global);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);

    lua_pushvalue(L, env);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_settop(L, base - 1);
}

lhost *lhost_new(const lhost_config *cfg)
{
    lhost *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->mem_limit = cfg && cfg->memory_limit ? cfg->memory_limit : LHOST_DEFAULT_MEMORY;
    h->instr_limit =
        cfg && cfg->instruction_limit ? cfg->instruction_limit : LHOST_DEFAULT_INSTRUCTIONS;
    h->print = cfg ? cfg->print : NULL;
    h->print_ud = cfg ? cfg->print_ud : NULL;
    h->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    h->rng = sim_rng_new(cfg ? cfg->seed : 0);
    h->L = lua_newstate(lhost_alloc, h);
    if (!h->clock || !h->rng || !h->L) {
        lhost_free(h);
        return NULL;
    }
    lua_atpanic(h->L, lhost_panic);
    lua_pushlightuserdata(h->L, h);
    lua_rawsetp(h->L, LUA_REGISTRYINDEX, &lhost_key);
    lhost_build_sandbox(h->L);
    lua_sethook(h->L, lhost_hook, LUA_MASKCOUNT, LHOST_HOOK_EVERY);
    return h;
}

void lhost_free(lhost *h)
{
    if (!h) return;
    if (h->L) lua_close(h->L);
    sim_clock_free(h->clock);
    sim_rng_free(h->rng);
    free(h);
}

lua_State *lhost_state(lhost *h) { return h->L; }
sim_clock *lhost_clock(lhost *h) { return h->clock; }
sim_rng *lhost_rng(lhost *h) { return h->rng; }
size_t lhost_memory_used(const lhost *h) { return h->mem_used; }

/* --- errors ------------------------------------------------------------ */

void lhost_describe_error(lua_State *L, int idx, char *buf, size_t cap)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
    case LUA_TNUMBER:
        snprintf(buf, cap, "%s", lua_tostring(L, idx));
        return;
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
            snprintf(buf, cap, "%s (%d): %s", lua_tostring(L, -3), (int)lua_tointeger(L, -1),
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
        if (end > p + 1 && end < s + len && *end == ':' && line > 0) {
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
    const char *raw = lua_tostring(L, -1);
    if (status == LUA_ERRMEM || h->oom) {
        err->out_of_memory = true;
        snprintf(err->message, sizeof err->message,
                 "script stopped: it used more than its %zu MB of memory", h->mem_limit >> 20);
    } else if (raw) {
        const char *tb = strstr(raw, "\nstack traceback:");
        size_t n = tb ? (size_t)(tb - raw) : strlen(raw);
        if (n >= sizeof err->message) n = sizeof err->message - 1;
        memcpy(err->message, raw, n);
        err->message[n] = '\0';
        if (tb) snprintf(err->traceback, sizeof err->traceback, "%s", tb + 1);
    } else {
        lhost_describe_error(L, -1, err->message, sizeof err->message);
    }
    err->out_of_time = h->killed;
    if (h->killed && !err->out_of_memory)
        snprintf(err->message, sizeof err->message,
                 "script stopped: it ran past its budget of %llu instructions",
                 (unsigned long long)h->instr_limit);
    lhost_locate(err);
}

bool lhost_load(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err)
{
    char chunkname[512];
    snprintf(chunkname, sizeof chunkname, "@%s", name);
    h->limit_active = true;
    h->oom = false;
    int status = luaL_loadbufferx(h->L, chunk, len, chunkname, "t");
    h->limit_active = false;
    if (status != LUA_OK) {
        lhost_fill_error(h, status, err);
        lua_pop(h->L, 1);
        return false;
    }
    return true;
}

bool lhost_load_file(lhost *h, const char *path, const char *display_name, lhost_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message, "%s: cannot open file", display_name);
            snprintf(err->file, sizeof err->file, "%s", display_name);
        }
        return false;
    }
    char *buf = malloc(LHOST_FILE_LIMIT + 1);
    size_t n = buf ? fread(buf, 1, LHOST_FILE_LIMIT + 1, f) : 0;
    fclose(f);
    if (!buf || n > LHOST_FILE_LIMIT) {
        free(buf);
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message, "%s: file is larger than %zu MB",
                     display_name, LHOST_FILE_LIMIT >> 20);
            snprintf(err->file, sizeof err->file, "%s", display_name);
        }
        return false;
    }
    bool ok = lhost_load(h, buf, n, display_name, err);
    free(buf);
    return ok;
}

bool lhost_call(lhost *h, int nargs, int nresults, lhost_error *err)
{
    lua_State *L = h->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, lhost_msgh);
    lua_insert(L, base);
    h->limit_active = true;
    h->oom = false;
    int status = lua_pcall(L, nargs, nresults, base);
    h->limit_active = false;
    lua_remove(L, base);
    if (status != LUA_OK || h->killed) {
        if (status == LUA_OK) {
            /* The script swallowed the stop with pcall and returned anyway. */
            lua_pop(L, nresults == LUA_MULTRET ? lua_gettop(L) - base + 1 : nresults);
            lua_pushliteral(L, "script stopped");
        }
        lhost_fill_error(h, status, err);
        lua_pop(L, 1);
        return false;
    }
    return true;
}

bool lhost_run(lhost *h, const char *chunk, size_t len, const char *name, lhost_error *err)
{
    if (!lhost_load(h, chunk, len, name, err)) return false;
    return lhost_call(h, 0, 0, err);
}
