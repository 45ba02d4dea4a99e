/* The simulator API as scripts see it: the one table of modules, the
 * `clock` and `size` tables, objects and their handles, and failures. The
 * argument and option-field helpers are in bind_args.c. */
#include "lua/bind.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lua/host.h"
#include "sim/units.h"

/* Every simulator module, in the order they are opened. A module may be
 * spread over several entries of the same name (kinesis and its agent). Add
 * a line here for a new simulator; its own file does the rest. */
static const lbind_module *const lbind_module_list[] = {
    &lbind_module_athena,          &lbind_module_glacier,  &lbind_module_kinesis,
    &lbind_module_kinesis_agent,   &lbind_module_firehose, &lbind_module_elasticache,
    &lbind_module_elasticache_ops, &lbind_module_glue,     &lbind_module_emr,
};

const lbind_module *const *lbind_modules(size_t *n)
{
    *n = sizeof lbind_module_list / sizeof lbind_module_list[0];
    return lbind_module_list;
}

sim_clock *lbind_clock(lua_State *L)
{
    return lhost_clock(lhost_from_state(L));
}
sim_rng *lbind_rng(lua_State *L)
{
    return lhost_rng(lhost_from_state(L));
}
sim_budget *lbind_budget(lua_State *L)
{
    return lhost_budget(lhost_from_state(L));
}

/* --- objects ------------------------------------------------------------- */

/* A metatable field that marks the bindings' objects, so a dependency check
 * can tell them from a script's userdata (there are none today, but the
 * check does not rely on that). */
#define LBIND_HANDLE_MARK "__bdw_handle"

/* Lua's collector paces itself by the Lua heap alone, and a stream's
 * userdata of a few bytes may hold megabytes of records: dropped, it would
 * wait for its finalizer long after the run's memory was gone. So the
 * bindings step the collector by what the simulators took since they last
 * looked, as if Lua had allocated it. Called where no C pointer into a
 * collectable object is held yet: as a method or constructor starts. */
#define LBIND_PACE_BYTES ((size_t)1 << 20)

static void lbind_pace(lua_State *L)
{
    sim_budget *b = lbind_budget(L);
    size_t lua_bytes = (size_t)lua_gc(L, LUA_GCCOUNT) * 1024;
    size_t total = sim_budget_memory_used(b);
    size_t sims = total > lua_bytes ? total - lua_bytes : 0;
    size_t *mark = lhost_pace_mark(lhost_from_state(L));
    if (sims < *mark) *mark = sims;
    if (sims - *mark < LBIND_PACE_BYTES) return;
    lua_gc(L, LUA_GCSTEP, (int)((sims - *mark) >> 10 < INT_MAX ? (sims - *mark) >> 10 : INT_MAX));
    *mark = sims;
}

void *lbind_new_object(lua_State *L, size_t size, const char *mt, int nuv)
{
    lbind_pace(L);
    lbind_handle *u = lua_newuserdatauv(L, size, nuv);
    memset(u, 0, size);
    if (luaL_getmetatable(L, mt) != LUA_TTABLE) {
        lua_pop(L, 1);
        luaL_error(L, "internal error: no class %s", mt);
        return NULL;
    }
    lua_setmetatable(L, -2);
    return u;
}

/* True when the value at idx is one of the bindings' objects, and closed. */
static bool lbind_closed_handle(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return false;
    lua_pushliteral(L, LBIND_HANDLE_MARK);
    bool mine = lua_rawget(L, -2) == LUA_TBOOLEAN;
    lua_pop(L, 2);
    return mine && ((lbind_handle *)lua_touserdata(L, idx))->p == NULL;
}

/* An object depends on what its user values hold: objects, or tables of
 * objects (an agent's streams). Any of them closed makes it unusable. */
static bool lbind_dependency_closed(lua_State *L, int idx)
{
    for (int uv = 1;; uv++) {
        int ty = lua_getiuservalue(L, idx, uv);
        if (ty == LUA_TNONE) {
            lua_pop(L, 1);
            return false;
        }
        bool closed = lbind_closed_handle(L, -1);
        if (!closed && ty == LUA_TTABLE) {
            lua_pushnil(L);
            while (!closed && lua_next(L, -2)) {
                closed = lbind_closed_handle(L, -1);
                lua_pop(L, 1);
            }
            if (closed) lua_pop(L, 1); /* the key lua_next left */
        }
        lua_pop(L, 1);
        if (closed) return true;
    }
}

/* "bdw.kinesis.stream" -> "kinesis stream", for messages. */
static const char *lbind_type_words(lua_State *L, const char *mt)
{
    const char *s = strncmp(mt, "bdw.", 4) == 0 ? mt + 4 : mt;
    luaL_gsub(L, s, ".", " ");
    return lua_tostring(L, -1);
}

void *lbind_test_object(lua_State *L, int idx, const char *mt)
{
    idx = lua_absindex(L, idx);
    lbind_handle *u = luaL_testudata(L, idx, mt);
    if (!u) return NULL;
    luaL_checkstack(L, 6, "object check");
    if (!u->p) {
        luaL_error(L, "this %s is closed (it was collected)", lbind_type_words(L, mt));
        return NULL;
    }
    if (lbind_dependency_closed(L, idx)) {
        luaL_error(L, "this %s is closed (something it depends on was collected)",
                   lbind_type_words(L, mt));
        return NULL;
    }
    return u;
}

void *lbind_check_object(lua_State *L, int idx, const char *mt)
{
    if (idx == 1) lbind_pace(L); /* a method starting */
    void *u = lbind_test_object(L, idx, mt);
    if (!u) {
        luaL_typeerror(L, idx, mt);
        return NULL;
    }
    return u;
}

void *lbind_gc_object(lua_State *L, const char *mt)
{
    return luaL_testudata(L, 1, mt);
}

void lbind_anchor(lua_State *L, int idx, int uv)
{
    idx = lua_absindex(L, idx);
    if (!lua_setiuservalue(L, idx, uv)) {
        luaL_error(L, "internal error: no user value %d", uv);
        return;
    }
}

/* --- failures ------------------------------------------------------------ */

static int lbind_error_tostring(lua_State *L)
{
    char buf[512];
    lhost_describe_error(L, 1, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

void lbind_push_error(lua_State *L, const sim_error *err)
{
    lua_createtable(L, 0, 3);
    lua_pushstring(L, sim_status_name(err->code));
    lua_setfield(L, -2, "code");
    lua_pushinteger(L, sim_status_http(err->code));
    lua_setfield(L, -2, "status");
    lua_pushstring(L, err->message);
    lua_setfield(L, -2, "message");
    /* One metatable for every error table, which scripts cannot change. */
    if (luaL_newmetatable(L, "bdw.error")) {
        lua_pushcfunction(L, lbind_error_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
}

int lbind_out_of_memory(lua_State *L, const char *call)
{
    sim_budget *b = lbind_budget(L);
    return luaL_error(L,
                      "%s: out of memory: the run's %d MB (Lua and the simulators together) "
                      "are used up",
                      call ? call : "a simulator", (int)(sim_budget_memory_limit(b) >> 20));
}

int lbind_fail(lua_State *L, const sim_error *err, const char *call)
{
    if (err->code == SIM_BUDGET_EXCEEDED || sim_budget_spent(lbind_budget(L)))
        return lhost_stop_spent(L, call);
    if (err->code == SIM_NO_MEMORY) {
        /* Whatever the script has dropped is given back now, so that a
         * script that catches this error and carries on may have room. */
        lua_gc(L, LUA_GCCOLLECT);
        return lbind_out_of_memory(L, call);
    }
    lua_pushnil(L);
    lbind_push_error(L, err);
    return 2;
}

void lbind_charge(lua_State *L, uint64_t units)
{
    lhost_charge(L, units);
}

void lbind_set_int(lua_State *L, const char *k, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

void lbind_push_u64(lua_State *L, uint64_t v)
{
    lua_pushinteger(L, v > (uint64_t)LUA_MAXINTEGER ? LUA_MAXINTEGER : (lua_Integer)v);
}

void lbind_set_u64(lua_State *L, const char *k, uint64_t v)
{
    lbind_push_u64(L, v);
    lua_setfield(L, -2, k);
}

void lbind_set_num(lua_State *L, const char *k, double v)
{
    lua_pushnumber(L, (lua_Number)v);
    lua_setfield(L, -2, k);
}

void lbind_set_bool(lua_State *L, const char *k, bool v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, k);
}

void lbind_set_str(lua_State *L, const char *k, const char *v)
{
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
}

/* --- classes ------------------------------------------------------------ */

void lbind_new_class(lua_State *L, const char *name, const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

static void lbind_register_class(lua_State *L, const char *module, const lbind_class *c)
{
    char name[96];
    snprintf(name, sizeof name, "bdw.%s.%s", module, c->type);
    lbind_new_class(L, name, c->methods);
    luaL_getmetatable(L, name);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, LBIND_HANDLE_MARK);
    if (c->gc) {
        lua_pushcfunction(L, c->gc);
        lua_setfield(L, -2, "__gc");
    }
    if (c->tostring) {
        lua_pushcfunction(L, c->tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_pop(L, 1);
}

/* --- clock and size ----------------------------------------------------- */

/* The latest instant shown: 9999-12-31T23:59:59.999Z. */
#define LBIND_LAST_MS INT64_C(253402300799999)

static int lbind_clock_now(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)sim_clock_now(lbind_clock(L)));
    return 1;
}

static int lbind_clock_advance(lua_State *L)
{
    int64_t ms = lbind_check_duration(L, 1);
    if (!sim_clock_advance(lbind_clock(L), ms)) return luaL_error(L, "clock overflow");
    lua_pushinteger(L, (lua_Integer)sim_clock_now(lbind_clock(L)));
    return 1;
}

static int lbind_clock_iso(lua_State *L)
{
    char buf[40];
    lua_Integer ms = lua_isnoneornil(L, 1) ? (lua_Integer)sim_clock_now(lbind_clock(L))
                                           : lbind_check_int(L, 1, 0, LBIND_LAST_MS);
    sim_time_format((int64_t)ms, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static int lbind_clock_duration(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lbind_check_duration(L, 1));
    return 1;
}

static int lbind_clock_format(lua_State *L)
{
    char buf[64];
    sim_duration_format((int64_t)lbind_check_int(L, 1, -LUA_MAXINTEGER, LUA_MAXINTEGER), buf,
                        sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static const luaL_Reg lbind_clock_fns[] = {
    {"now", lbind_clock_now},           {"advance", lbind_clock_advance}, {"iso", lbind_clock_iso},
    {"duration", lbind_clock_duration}, {"format", lbind_clock_format},   {NULL, NULL},
};

static int lbind_size_parse(lua_State *L)
{
    uint64_t n = lbind_check_size(L, 1);
    if (n > (uint64_t)LUA_MAXINTEGER) return luaL_argerror(L, 1, "a size above 2^63 bytes");
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

static int lbind_size_format(lua_State *L)
{
    char buf[64];
    sim_size_format(lbind_check_size(L, 1), buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static const luaL_Reg lbind_size_fns[] = {
    {"bytes", lbind_size_parse},
    {"format", lbind_size_format},
    {NULL, NULL},
};

/* scenario { ... }: checks the shape of a scenario table and returns it, so a
 * mistake is reported at the author's line rather than when the app runs it.
 * Read raw: the host reads it raw too, so what is checked is what is used. */
static int lbind_scenario(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const required[] = {"id", "title"};
    for (int i = 0; i < 2; i++) {
        if (lbind_field(L, 1, required[i]) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
            return luaL_error(L, "scenario { ... } needs a string field '%s'", required[i]);
        lua_pop(L, 1);
    }
    if (lbind_field(L, 1, "run") != LUA_TFUNCTION)
        return luaL_error(L, "scenario { ... } needs run = function(s) ... end");
    lua_settop(L, 1);
    return 1;
}

/* Pushes aws[name], creating it. */
static void lbind_module_table(lua_State *L, int aws, const char *name)
{
    if (lua_getfield(L, aws, name) == LUA_TTABLE) return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, aws, name);
}

void lbind_open_all(lua_State *L, int env)
{
    env = lua_absindex(L, env);
    size_t n;
    const lbind_module *const *mods = lbind_modules(&n);
    lua_newtable(L);
    int aws = lua_gettop(L);
    for (size_t i = 0; i < n; i++)
        for (const lbind_class *c = mods[i]->classes; c && c->type; c++)
            lbind_register_class(L, mods[i]->name, c);
    for (size_t i = 0; i < n; i++) {
        lbind_module_table(L, aws, mods[i]->name);
        if (mods[i]->functions) luaL_setfuncs(L, mods[i]->functions, 0);
        lua_pop(L, 1);
        if (mods[i]->extends) {
            luaL_getmetatable(L, mods[i]->extends);
            lua_getfield(L, -1, "__index");
            luaL_setfuncs(L, mods[i]->extension, 0);
            lua_pop(L, 2);
        }
    }
    lua_setfield(L, env, "aws");
    luaL_newlib(L, lbind_clock_fns);
    lua_setfield(L, env, "clock");
    luaL_newlib(L, lbind_size_fns);
    lua_setfield(L, env, "size");
    lua_pushcfunction(L, lbind_scenario);
    lua_setfield(L, env, "scenario");
}
