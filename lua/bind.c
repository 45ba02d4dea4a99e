/* The simulator API as scripts see it: `aws.<service>` modules, the `clock`
 * table, and the helpers every binding shares. */
#include "lua/bind.h"

#include <lauxlib.h>
#include <string.h>

#include "lua/host.h"
#include "sim/units.h"

/* Every simulator module, by the name it has under `aws`. Add a line here for
 * a new simulator; the module's own file does the rest. */
static const struct {
    const char *name;
    lua_CFunction open;
} lbind_modules[] = {
    {"athena", lbind_open_athena},
    {"glacier", lbind_open_glacier},
    {"kinesis", lbind_open_kinesis},
    {"firehose", lbind_open_firehose},
    {"elasticache", lbind_open_elasticache},
    {"glue", lbind_open_glue},
    {"emr", lbind_open_emr},
};

sim_clock *lbind_clock(lua_State *L)
{
    return lhost_clock(lhost_from_state(L));
}
sim_rng *lbind_rng(lua_State *L)
{
    return lhost_rng(lhost_from_state(L));
}

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
    if (luaL_newmetatable(L, "bdw.error")) {
        lua_pushcfunction(L, lbind_error_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_setmetatable(L, -2);
}

int lbind_fail(lua_State *L, const sim_error *err)
{
    lua_pushnil(L);
    lbind_push_error(L, err);
    return 2;
}

int64_t lbind_check_duration(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        lua_Integer ms = luaL_checkinteger(L, idx);
        luaL_argcheck(L, ms >= 0, idx, "a duration cannot be negative");
        return ms;
    }
    const char *s = luaL_checkstring(L, idx);
    int64_t ms;
    if (!sim_duration_parse(s, &ms))
        luaL_argerror(
            L, idx,
            lua_pushfstring(L, "'%s' is not a duration (try \"90s\", \"25h\", \"400d\")", s));
    return ms;
}

uint64_t lbind_check_size(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        lua_Number n = luaL_checknumber(L, idx);
        luaL_argcheck(L, n >= 0 && n < 1.8e19, idx, "a size must be between 0 and 2^64 bytes");
        return (uint64_t)n;
    }
    const char *s = luaL_checkstring(L, idx);
    uint64_t bytes;
    if (!sim_size_parse(s, &bytes))
        luaL_argerror(
            L, idx,
            lua_pushfstring(L, "'%s' is not a size (try \"2GB\", \"250MB\", \"512KB\")", s));
    return bytes;
}

static int lbind_field(lua_State *L, int t, const char *k)
{
    if (lua_type(L, t) != LUA_TTABLE) return LUA_TNIL;
    return lua_getfield(L, t, k);
}

const char *lbind_opt_string_field(lua_State *L, int t, const char *k, const char *def)
{
    t = lua_absindex(L, t);
    int ty = lbind_field(L, t, k);
    if (ty == LUA_TNIL || ty == LUA_TNONE) {
        if (lua_type(L, t) == LUA_TTABLE) lua_pop(L, 1);
        return def;
    }
    if (ty != LUA_TSTRING) luaL_error(L, "field '%s' must be a string", k);
    /* The string stays alive in the option table after the pop. */
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1);
    return s;
}

lua_Integer lbind_opt_integer_field(lua_State *L, int t, const char *k, lua_Integer def)
{
    t = lua_absindex(L, t);
    int ty = lbind_field(L, t, k);
    lua_Integer v = def;
    if (ty != LUA_TNIL && ty != LUA_TNONE) {
        int isnum;
        v = lua_tointegerx(L, -1, &isnum);
        if (!isnum) luaL_error(L, "field '%s' must be an integer", k);
    }
    if (lua_type(L, t) == LUA_TTABLE) lua_pop(L, 1);
    return v;
}

double lbind_opt_number_field(lua_State *L, int t, const char *k, double def)
{
    t = lua_absindex(L, t);
    int ty = lbind_field(L, t, k);
    double v = def;
    if (ty != LUA_TNIL && ty != LUA_TNONE) {
        int isnum;
        v = (double)lua_tonumberx(L, -1, &isnum);
        if (!isnum) luaL_error(L, "field '%s' must be a number", k);
    }
    if (lua_type(L, t) == LUA_TTABLE) lua_pop(L, 1);
    return v;
}

int lbind_opt_bool_field(lua_State *L, int t, const char *k, int def)
{
    t = lua_absindex(L, t);
    int ty = lbind_field(L, t, k);
    int v = def;
    if (ty != LUA_TNIL && ty != LUA_TNONE) {
        if (ty != LUA_TBOOLEAN) luaL_error(L, "field '%s' must be true or false", k);
        v = lua_toboolean(L, -1);
    }
    if (lua_type(L, t) == LUA_TTABLE) lua_pop(L, 1);
    return v;
}

int64_t lbind_opt_duration_field(lua_State *L, int t, const char *k, int64_t def)
{
    t = lua_absindex(L, t);
    int ty = lbind_field(L, t, k);
    int64_t v = def;
    if (ty != LUA_TNIL && ty != LUA_TNONE) {
        if (ty == LUA_TNUMBER) {
            v = (int64_t)lua_tointeger(L, -1);
        } else if (ty != LUA_TSTRING || !sim_duration_parse(lua_tostring(L, -1), &v)) {
            luaL_error(L, "field '%s' must be a duration such as \"25h\"", k);
        }
    }
    if (lua_type(L, t) == LUA_TTABLE) lua_pop(L, 1);
    return v;
}

uint64_t lbind_opt_size_field(lua_State *L, int t, const char *k, uint64_t def)
{
    t = lua_absindex(L, t);
    int ty = lbind_field(L, t, k);
    uint64_t v = def;
    if (ty != LUA_TNIL && ty != LUA_TNONE) {
        if (ty == LUA_TNUMBER) {
            lua_Number n = lua_tonumber(L, -1);
            if (!(n >= 0 && n < 1.8e19)) luaL_error(L, "field '%s' must be a size in bytes", k);
            v = (uint64_t)n;
        } else if (ty != LUA_TSTRING || !sim_size_parse(lua_tostring(L, -1), &v)) {
            luaL_error(L, "field '%s' must be a size such as \"2GB\"", k);
        }
    }
    if (lua_type(L, t) == LUA_TTABLE) lua_pop(L, 1);
    return v;
}

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

/* --- clock ------------------------------------------------------------- */

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
    lua_Integer ms = luaL_optinteger(L, 1, (lua_Integer)sim_clock_now(lbind_clock(L)));
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
    sim_duration_format((int64_t)luaL_checkinteger(L, 1), buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static const luaL_Reg lbind_clock_fns[] = {
    {"now", lbind_clock_now},           {"advance", lbind_clock_advance}, {"iso", lbind_clock_iso},
    {"duration", lbind_clock_duration}, {"format", lbind_clock_format},   {NULL, NULL},
};

/* --- sizes ------------------------------------------------------------- */

static int lbind_size_parse(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lbind_check_size(L, 1));
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
 * mistake is reported at the author's line rather than when the app runs it. */
static int lbind_scenario(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const required[] = {"id", "title"};
    for (int i = 0; i < 2; i++) {
        if (lua_getfield(L, 1, required[i]) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
            return luaL_error(L, "scenario { ... } needs a string field '%s'", required[i]);
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 1, "run") != LUA_TFUNCTION)
        return luaL_error(L, "scenario { ... } needs run = function(s) ... end");
    lua_pop(L, 1);
    lua_settop(L, 1);
    return 1;
}

void lbind_open_all(lua_State *L, int env)
{
    env = lua_absindex(L, env);
    lua_newtable(L);
    for (size_t i = 0; i < sizeof lbind_modules / sizeof lbind_modules[0]; i++) {
        lua_pushcfunction(L, lbind_modules[i].open);
        lua_call(L, 0, 1);
        lua_setfield(L, -2, lbind_modules[i].name);
    }
    lua_setfield(L, env, "aws");
    luaL_newlib(L, lbind_clock_fns);
    lua_setfield(L, env, "clock");
    luaL_newlib(L, lbind_size_fns);
    lua_setfield(L, env, "size");
    lua_pushcfunction(L, lbind_scenario);
    lua_setfield(L, env, "scenario");
}

void lbind_set_int(lua_State *L, const char *k, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

void lbind_set_u64(lua_State *L, const char *k, uint64_t v)
{
    lbind_set_int(L, k, v > (uint64_t)LUA_MAXINTEGER ? LUA_MAXINTEGER : (lua_Integer)v);
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
