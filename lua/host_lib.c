/* The sandbox's globals, built from an allow-list.
 *
 * Like linit.c, we open each library into a private table and copy only the
 * names listed below into a fresh globals table. Anything not named here
 * (os, io, package, require, debug, dofile, loadfile, collectgarbage,
 * raw*, string.dump, warn) never reaches a script. Some allowed names are
 * our own functions: the ones whose Lua version could not be stopped
 * (xpcall's handler, finalizers, closing a killed coroutine) or that would
 * make a run depend on the machine (math.random). */
#include <lauxlib.h>
#include <lualib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/host_int.h"
#include "lua/strmatch.h"

/* --- print, load, random ------------------------------------------------ */

static int lhost_lib_print(lua_State *L)
{
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
    lhost_print(lhost_from_state(L), s, len);
    return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]): strings only, text only.
 * Compiling is work the hook cannot see, so it is charged by the byte: the
 * compiler takes about 20 ns a byte of typical source here (24 MB of table
 * constructors and functions in 0.5 s), some four units. */
static int lhost_lib_load(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    int env = !lua_isnone(L, 4) ? 4 : 0;
    lhost_charge(L, (uint64_t)len * 4 + 1);
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
static int lhost_lib_random(lua_State *L)
{
    sim_rng *r = lhost_rng(lhost_from_state(L));
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

static int lhost_lib_randomseed(lua_State *L)
{
    lua_Integer seed = luaL_optinteger(L, 1, 0);
    sim_rng_reseed(lhost_rng(lhost_from_state(L)), (uint64_t)seed);
    return 0;
}

static int lhost_lib_undefined_global(lua_State *L)
{
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "attempt to use undefined global '%s'", name ? name : "?");
}

/* --- what runs with hooks off ------------------------------------------- */

/* setmetatable(t, mt), refusing a metatable with __gc. Lua runs finalizers
 * with hooks off (at any allocation, and when the state closes), so a
 * looping or allocating __gc could not be stopped. Lua marks an object for
 * finalization only if __gc is present when the metatable is set, so a
 * __gc added afterwards never runs: checking here is enough. */
static int lhost_lib_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: finalizers (__gc) are not allowed in scenarios "
                                 "and scripts: Lua runs them where no limit can stop them");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1)); /* Lua's setmetatable */
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* xpcall(f, handler, ...): Lua calls the handler at the point of the error,
 * before unwinding, and when the error is the stop raised from the count
 * hook, with hooks still off: a handler that loops could not be stopped. We
 * call the handler after unwinding instead, where hooks are on. A sandboxed
 * handler cannot tell the difference (there is no debug library to look at
 * the stack with), so its result is the same. */
static int lhost_lib_xpcall_finish(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushvalue(L, (int)extra); /* the handler */
        lua_rotate(L, -2, 1);         /* handler, error */
        /* Whatever the handler returns, or the error it raises, is the
         * message; a handler that yields cannot (we are in C here). */
        lua_pcall(L, 1, 1, 0);
        lua_pushboolean(L, 0);
        lua_rotate(L, -2, 1);
        return 2;
    }
    return lua_gettop(L) - (int)extra; /* true and the results */
}

static int lhost_lib_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1); /* the first result */
    lua_pushvalue(L, 1);   /* the function */
    lua_rotate(L, 3, 2);   /* f, handler, true, f, args... */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 0, 2, lhost_lib_xpcall_finish);
    return lhost_lib_xpcall_finish(L, status, 2);
}

/* A coroutine killed by the stop died inside the count hook, and Lua leaves
 * such a thread with hooks off. Closing it runs its pending to-be-closed
 * variables (__close) in that thread, unstoppable, so a stopped run does not
 * close coroutines: the stop propagates and the state is closed without
 * running them. */
static int lhost_lib_co_close(lua_State *L)
{
    lhost *h = lhost_from_state(L);
    if (lhost_check(h)) return lhost_raise_stop(L, h);
    lua_pushvalue(L, lua_upvalueindex(1)); /* Lua's coroutine.close */
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int lhost_lib_co_wrapped(lua_State *L)
{
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int narg = lua_gettop(L);
    if (!lua_checkstack(co, narg)) return luaL_error(L, "too many arguments to resume");
    lua_xmove(L, co, narg);
    int nres = 0;
    int status = lua_resume(co, L, narg, &nres);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            return luaL_error(L, "too many results to resume");
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lhost *h = lhost_from_state(L);
    if (lhost_check(h)) return lhost_raise_stop(L, h);
    lua_xmove(co, L, 1); /* the error */
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) {
        /* An ordinary error in the coroutine: close its variables as Lua
         * does (hooks are on in it), and pass on what closing left. */
        stat = lua_resetthread(co);
        lua_xmove(co, L, 1);
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int lhost_lib_co_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, lhost_lib_co_wrapped, 1);
    return 1;
}

/* --- building the sandbox --------------------------------------------- */

static const char *const base_allowed[] = {
    "assert",   "error",    "ipairs", "next",         "pairs",    "pcall", "select",
    "tonumber", "tostring", "type",   "getmetatable", "_VERSION", NULL,
};
static const char *const string_allowed[] = {
    "byte", "char",  "format", "len",      "lower",  "rep", "reverse",
    "sub",  "upper", "pack",   "packsize", "unpack", NULL,
};
static const char *const table_allowed[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL,
};
static const char *const math_allowed[] = {
    "abs", "ceil",       "cos",  "deg",        "exp",  "floor", "fmod", "huge", "log",
    "max", "maxinteger", "min",  "mininteger", "modf", "pi",    "rad",  "sin",  "sqrt",
    "tan", "tointeger",  "type", "ult",        "atan", "asin",  "acos", NULL,
};
static const char *const utf8_allowed[] = {
    "char", "charpattern", "codepoint", "codes", "len", "offset", NULL,
};
static const char *const coroutine_allowed[] = {
    "create", "isyieldable", "resume", "running", "status", "yield", NULL,
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

/* Sets t[name] to a C closure over the library's own t[name]. */
static void lhost_wrap_own(lua_State *L, int lib, int t, const char *name, lua_CFunction f)
{
    lua_getfield(L, lib, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, t, name);
}

void lhost_build_sandbox(lua_State *L)
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
    lua_pushcfunction(L, lhost_lib_print);
    lua_setfield(L, env, "print");
    lua_pushcfunction(L, lhost_lib_load);
    lua_setfield(L, env, "load");
    lua_pushcfunction(L, lhost_lib_xpcall);
    lua_setfield(L, env, "xpcall");
    lhost_wrap_own(L, base, env, "setmetatable", lhost_lib_setmetatable);

    lhost_filtered(L, LUA_STRLIBNAME, luaopen_string, string_allowed);
    int str = lua_gettop(L);
    lstrmatch_open(L, str, lhost_charge);
    lhost_bound_string(L, str);
    /* Method calls on strings go through the string metatable: point it at
     * the filtered table, and hide it from getmetatable. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, str);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_setfield(L, env, LUA_STRLIBNAME);

    lhost_filtered(L, LUA_TABLIBNAME, luaopen_table, table_allowed);
    lhost_bound_table(L, lua_gettop(L));
    lua_setfield(L, env, LUA_TABLIBNAME);
    lhost_filtered(L, LUA_MATHLIBNAME, luaopen_math, math_allowed);
    lua_pushcfunction(L, lhost_lib_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, lhost_lib_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_setfield(L, env, LUA_MATHLIBNAME);
    lhost_filtered(L, LUA_UTF8LIBNAME, luaopen_utf8, utf8_allowed);
    lhost_bound_utf8(L, lua_gettop(L));
    lua_setfield(L, env, LUA_UTF8LIBNAME);

    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 0);
    int colib = lua_gettop(L);
    lhost_filtered(L, LUA_COLIBNAME, luaopen_coroutine, coroutine_allowed);
    int co = lua_gettop(L);
    lua_pushcfunction(L, lhost_lib_co_wrap);
    lua_setfield(L, co, "wrap");
    lhost_wrap_own(L, colib, co, "close", lhost_lib_co_close);
    lua_setfield(L, env, LUA_COLIBNAME);
    lua_pop(L, 1);

    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");

    /* The simulator API: aws.*, clock, and the scenario constructor. */
    lbind_open_all(L, env);

    /* Reading an undefined global is an error (typos in scenarios show up at
     * once), and the metatable itself is protected. */
    lua_newtable(L);
    lua_pushcfunction(L, lhost_lib_undefined_global);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);

    lua_pushvalue(L, env);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_settop(L, base - 1);
}
