/* aws.athena: query costing. */
#include <lauxlib.h>
#include <string.h>

#include "lua/bind.h"
#include "sim/athena.h"

static athena_query_kind lbind_athena_kind(lua_State *L, int t)
{
    static const char *const names[] = {"succeeded", "failed", "cancelled", "ddl", NULL};
    const char *s = lbind_opt_string_field(L, t, "status", "succeeded");
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) return (athena_query_kind)i;
    luaL_error(L, "status must be succeeded, failed, cancelled or ddl, not '%s'", s);
    return ATHENA_QUERY_SUCCEEDED;
}

/* aws.athena.cost{ scanned = "120GB", status = "succeeded" } ->
 * { dollars =, billed_bytes =, scanned_bytes = } */
static int lbind_athena_cost(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    uint64_t scanned = lbind_opt_size_field(L, 1, "scanned", 0);
    athena_query_kind kind = lbind_athena_kind(L, 1);
    const athena_prices *p = athena_default_prices();
    lua_createtable(L, 0, 3);
    lua_pushnumber(L, athena_query_cost(p, kind, scanned));
    lua_setfield(L, -2, "dollars");
    lua_pushinteger(L, (lua_Integer)athena_billed_bytes(p, kind, scanned));
    lua_setfield(L, -2, "billed_bytes");
    lua_pushinteger(L, (lua_Integer)scanned);
    lua_setfield(L, -2, "scanned_bytes");
    return 1;
}

/* aws.athena.scan{ size = "1TB", format = "parquet", compression = 4,
 *                  columns = 20, columns_read = 2, partitions = 365,
 *                  partitions_read = 30 } -> bytes scanned */
static int lbind_athena_scan(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    athena_table t = {0};
    athena_query q = {0};
    t.raw_bytes = lbind_opt_size_field(L, 1, "size", 0);
    const char *fmt = lbind_opt_string_field(L, 1, "format", "csv");
    if (!athena_format_parse(fmt, &t.format))
        return luaL_error(L, "format must be csv, json, avro, orc or parquet, not '%s'", fmt);
    t.compression_ratio = lbind_opt_number_field(L, 1, "compression", 1.0);
    t.columns = (int)lbind_opt_integer_field(L, 1, "columns", 1);
    t.partitions = (int)lbind_opt_integer_field(L, 1, "partitions", 1);
    q.columns_read = (int)lbind_opt_integer_field(L, 1, "columns_read", t.columns);
    q.partitions_read = (int)lbind_opt_integer_field(L, 1, "partitions_read", t.partitions);
    lua_pushinteger(L, (lua_Integer)athena_estimate_scan(&t, &q));
    return 1;
}

static int lbind_athena_columnar(lua_State *L)
{
    athena_format f;
    const char *name = luaL_checkstring(L, 1);
    if (!athena_format_parse(name, &f)) return luaL_argerror(L, 1, "unknown format");
    lua_pushboolean(L, athena_format_is_columnar(f));
    return 1;
}

static const luaL_Reg lbind_athena_fns[] = {
    {"cost", lbind_athena_cost},
    {"scan", lbind_athena_scan},
    {"is_columnar", lbind_athena_columnar},
    {NULL, NULL},
};

int lbind_open_athena(lua_State *L)
{
    luaL_newlib(L, lbind_athena_fns);
    return 1;
}
