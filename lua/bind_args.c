/* Reading what a script passes to a binding: positional arguments and the
 * fields of option tables. Fields are read raw, so no metamethod of the
 * script's runs while the binding holds pointers into its values, and every
 * value is checked for its type and its range before C narrows it. */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "lua/bind.h"
#include "sim/clock.h"
#include "sim/units.h"

/* Doubles at or past 2^63 do not fit a lua_Integer. */
#define LBIND_TWO_63 9223372036854775808.0

/* The whole number the number at idx stands for; false when it has a
 * fraction or is not finite. */
static bool lbind_whole(lua_State *L, int idx, lua_Integer *out)
{
    if (lua_isinteger(L, idx)) {
        *out = lua_tointeger(L, idx);
        return true;
    }
    lua_Number f = lua_tonumber(L, idx);
    if (!(f >= -LBIND_TWO_63 && f < LBIND_TWO_63) || f != floor(f)) return false;
    *out = (lua_Integer)f;
    return true;
}

/* --- positional arguments ---------------------------------------------- */

const char *lbind_check_name(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TSTRING) {
        luaL_typeerror(L, idx, "string");
        return NULL;
    }
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    if (strlen(s) != len) {
        luaL_argerror(L, idx, "a name cannot contain a zero byte (NUL)");
        return NULL;
    }
    return s;
}

const char *lbind_opt_name(lua_State *L, int idx, const char *def)
{
    return lua_isnoneornil(L, idx) ? def : lbind_check_name(L, idx);
}

const char *lbind_check_bytes(lua_State *L, int idx, size_t *len)
{
    if (lua_type(L, idx) != LUA_TSTRING) {
        luaL_typeerror(L, idx, "string");
        return NULL;
    }
    return lua_tolstring(L, idx, len);
}

static int lbind_int_error(lua_State *L, int idx, lua_Integer lo, lua_Integer hi)
{
    if (lo == LUA_MININTEGER && hi == LUA_MAXINTEGER)
        return luaL_argerror(L, idx, "an integer is expected");
    return luaL_argerror(L, idx,
                         lua_pushfstring(L, "an integer from %I to %I is expected", lo, hi));
}

lua_Integer lbind_check_int(lua_State *L, int idx, lua_Integer lo, lua_Integer hi)
{
    lua_Integer v = 0;
    if (lua_type(L, idx) != LUA_TNUMBER) {
        luaL_typeerror(L, idx, "number");
        return 0;
    }
    if (!lbind_whole(L, idx, &v) || v < lo || v > hi) {
        lbind_int_error(L, idx, lo, hi);
        return 0;
    }
    return v;
}

lua_Integer lbind_opt_int(lua_State *L, int idx, lua_Integer def, lua_Integer lo, lua_Integer hi)
{
    return lua_isnoneornil(L, idx) ? def : lbind_check_int(L, idx, lo, hi);
}

double lbind_check_num(lua_State *L, int idx, double lo, double hi)
{
    if (lua_type(L, idx) != LUA_TNUMBER) {
        luaL_typeerror(L, idx, "number");
        return 0;
    }
    double v = (double)lua_tonumber(L, idx);
    if (!isfinite(v)) {
        luaL_argerror(L, idx, "a finite number is expected (not NaN or infinity)");
        return 0;
    }
    if (v < lo || v > hi) {
        luaL_argerror(L, idx, lua_pushfstring(L, "must be between %f and %f", lo, hi));
        return 0;
    }
    return v;
}

/* Durations and sizes: a whole number, or a string the units parser takes
 * (with no NUL: "64MB\0junk" is not 64 MB). They return NULL, or why not. */
static const char *lbind_duration_at(lua_State *L, int idx, int64_t *ms)
{
    lua_Integer v;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (!lbind_whole(L, idx, &v)) return "a duration is a whole number of milliseconds";
        if (v < 0) return "a duration cannot be negative";
        *ms = (int64_t)v;
        return NULL;
    }
    size_t len;
    const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
    if (!s || strlen(s) != len || !sim_duration_parse(s, ms) || *ms < 0)
        return "not a duration (try \"90s\", \"25h\", \"400d\")";
    return NULL;
}

static const char *lbind_size_at(lua_State *L, int idx, uint64_t *bytes)
{
    lua_Integer v;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (!lbind_whole(L, idx, &v)) return "a size is a whole number of bytes";
        if (v < 0) return "a size cannot be negative";
        *bytes = (uint64_t)v;
        return NULL;
    }
    size_t len;
    const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
    if (!s || strlen(s) != len || !sim_size_parse(s, bytes))
        return "not a size (try \"2GB\", \"250MB\", \"512KB\")";
    return NULL;
}

int64_t lbind_check_duration(lua_State *L, int idx)
{
    int64_t ms = 0;
    const char *why = lbind_duration_at(L, idx, &ms);
    if (why && lua_type(L, idx) == LUA_TSTRING)
        luaL_argerror(L, idx, lua_pushfstring(L, "'%s' is %s", lua_tostring(L, idx), why));
    else if (why)
        luaL_argerror(L, idx, why);
    return ms;
}

uint64_t lbind_check_size(lua_State *L, int idx)
{
    uint64_t n = 0;
    const char *why = lbind_size_at(L, idx, &n);
    if (why && lua_type(L, idx) == LUA_TSTRING)
        luaL_argerror(L, idx, lua_pushfstring(L, "'%s' is %s", lua_tostring(L, idx), why));
    else if (why)
        luaL_argerror(L, idx, why);
    return n;
}

void lbind_check_opts(lua_State *L, int idx, bool optional)
{
    if (optional && lua_isnoneornil(L, idx)) return;
    luaL_checktype(L, idx, LUA_TTABLE);
}

lua_Integer lbind_check_len(lua_State *L, int t, lua_Integer max, const char *what)
{
    luaL_checktype(L, t, LUA_TTABLE);
    lua_Unsigned n = lua_rawlen(L, t);
    if (n > (lua_Unsigned)max) {
        luaL_error(L, "%s: at most %I items", what, max);
        return 0;
    }
    return (lua_Integer)n;
}

/* --- option fields ------------------------------------------------------- */

int lbind_field(lua_State *L, int t, const char *k)
{
    t = lua_absindex(L, t);
    luaL_checkstack(L, 2, "option field");
    if (lua_type(L, t) != LUA_TTABLE) {
        lua_pushnil(L);
        return LUA_TNIL;
    }
    lua_pushstring(L, k);
    return lua_rawget(L, t);
}

const char *lbind_field_name(lua_State *L, int t, const char *k, const char *def)
{
    int ty = lbind_field(L, t, k);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    if (ty != LUA_TSTRING) {
        luaL_error(L, "field '%s' must be a string, not a %s", k, lua_typename(L, ty));
        return NULL;
    }
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (strlen(s) != len) {
        luaL_error(L, "field '%s' cannot contain a zero byte (NUL)", k);
        return NULL;
    }
    /* The table still holds the string, so it stays alive after the pop. */
    lua_pop(L, 1);
    return s;
}

const char *lbind_field_req_name(lua_State *L, int t, const char *k, const char *what)
{
    const char *s = lbind_field_name(L, t, k, NULL);
    if (!s) luaL_error(L, "%s needs %s = \"...\"", what, k);
    return s;
}

const char *lbind_field_bytes(lua_State *L, int t, const char *k, const char *def, size_t *len)
{
    int ty = lbind_field(L, t, k);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        if (len) *len = def ? strlen(def) : 0;
        return def;
    }
    if (ty != LUA_TSTRING) {
        luaL_error(L, "field '%s' must be a string, not a %s", k, lua_typename(L, ty));
        return NULL;
    }
    const char *s = lua_tolstring(L, -1, len);
    lua_pop(L, 1);
    return s;
}

lua_Integer lbind_field_int(lua_State *L, int t, const char *k, lua_Integer def, lua_Integer lo,
                            lua_Integer hi)
{
    int ty = lbind_field(L, t, k);
    lua_Integer v = def;
    if (ty != LUA_TNIL && (ty != LUA_TNUMBER || !lbind_whole(L, -1, &v) || v < lo || v > hi)) {
        if (lo == LUA_MININTEGER && hi == LUA_MAXINTEGER)
            luaL_error(L, "field '%s' must be an integer", k);
        else
            luaL_error(L, "field '%s' must be an integer from %I to %I", k, lo, hi);
        return def;
    }
    lua_pop(L, 1);
    return v;
}

double lbind_field_num(lua_State *L, int t, const char *k, double def, double lo, double hi)
{
    int ty = lbind_field(L, t, k);
    double v = def;
    if (ty != LUA_TNIL) {
        if (ty != LUA_TNUMBER) {
            luaL_error(L, "field '%s' must be a number", k);
            return def;
        }
        v = (double)lua_tonumber(L, -1);
        if (!isfinite(v)) {
            luaL_error(L, "field '%s' must be a finite number (not NaN or infinity)", k);
            return def;
        }
        if (v < lo || v > hi) {
            luaL_error(L, "field '%s' must be between %f and %f", k, lo, hi);
            return def;
        }
    }
    lua_pop(L, 1);
    return v;
}

int lbind_field_bool(lua_State *L, int t, const char *k, int def)
{
    int ty = lbind_field(L, t, k);
    int v = def;
    if (ty != LUA_TNIL) {
        if (ty != LUA_TBOOLEAN) {
            luaL_error(L, "field '%s' must be true or false", k);
            return def;
        }
        v = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

int64_t lbind_field_duration(lua_State *L, int t, const char *k, int64_t def, int64_t hi)
{
    int ty = lbind_field(L, t, k);
    int64_t v = def;
    if (ty != LUA_TNIL) {
        const char *why = lbind_duration_at(L, -1, &v);
        if (why) {
            if (strstr(why, "negative"))
                luaL_error(L, "field '%s' cannot be negative", k);
            else
                luaL_error(L, "field '%s' must be a duration such as \"25h\" (%s)", k, why);
            return def;
        }
        if (v > hi) {
            char buf[64];
            sim_duration_format(hi, buf, sizeof buf);
            luaL_error(L, "field '%s' is at most %s", k, buf);
            return def;
        }
    }
    lua_pop(L, 1);
    return v;
}

uint64_t lbind_field_size(lua_State *L, int t, const char *k, uint64_t def)
{
    int ty = lbind_field(L, t, k);
    uint64_t v = def;
    if (ty != LUA_TNIL && lbind_size_at(L, -1, &v)) {
        luaL_error(L, "field '%s' must be a size such as \"2GB\" (a whole number of bytes)", k);
        return def;
    }
    lua_pop(L, 1);
    return v;
}

void *lbind_field_object(lua_State *L, int t, const char *k, const char *mt)
{
    if (lbind_field(L, t, k) == LUA_TNIL) return NULL;
    void *u = lbind_test_object(L, -1, mt);
    if (!u) {
        luaL_error(L, "field '%s' must be a %s, not a %s", k, mt, luaL_typename(L, -1));
        return NULL;
    }
    return u;
}
