/* aws.athena: query costing. */
#include <lauxlib.h>
#include <string.h>

#include "lua/bind.h"
#include "sim/athena.h"

/* The largest table a script may describe: far beyond any real one, and
 * small enough that every product in the estimate stays exact. */
#define ATHENA_MAX_COLUMNS 100000
#define ATHENA_MAX_PARTITIONS 10000000

static athena_query_kind lbind_athena_kind(lua_State *L, int t)
{
    static const char *const names[] = {"succeeded", "failed", "cancelled", "ddl", NULL};
    const char *s = lbind_field_name(L, t, "status", "succeeded");
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) return (athena_query_kind)i;
    luaL_error(L, "status must be succeeded, failed, cancelled or ddl, not '%s'", s);
    return ATHENA_QUERY_SUCCEEDED;
}

/* aws.athena.cost{ scanned = "120GB", status = "succeeded" } ->
 * { dollars =, billed_bytes =, scanned_bytes = } */
static int lbind_athena_cost(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    uint64_t scanned = lbind_field_size(L, 1, "scanned", 0);
    athena_query_kind kind = lbind_athena_kind(L, 1);
    const athena_prices *p = athena_default_prices();
    lua_createtable(L, 0, 3);
    lbind_set_num(L, "dollars", athena_query_cost(p, kind, scanned));
    lbind_set_u64(L, "billed_bytes", athena_billed_bytes(p, kind, scanned));
    lbind_set_u64(L, "scanned_bytes", scanned);
    return 1;
}

/* aws.athena.scan{ size = "1TB", format = "parquet", compression = 4,
 *                  columns = 20, columns_read = 2, partitions = 365,
 *                  partitions_read = 30 } -> bytes scanned */
static int lbind_athena_scan(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    athena_table t = {0};
    athena_query q = {0};
    t.raw_bytes = lbind_field_size(L, 1, "size", 0);
    const char *fmt = lbind_field_name(L, 1, "format", "csv");
    if (!athena_format_parse(fmt, &t.format))
        return luaL_error(L, "format must be csv, json, avro, orc or parquet, not '%s'", fmt);
    t.compression_ratio = lbind_field_num(L, 1, "compression", 1.0, 1.0, 1000.0);
    t.columns = (int)lbind_field_int(L, 1, "columns", 1, 1, ATHENA_MAX_COLUMNS);
    t.partitions = (int)lbind_field_int(L, 1, "partitions", 1, 1, ATHENA_MAX_PARTITIONS);
    q.columns_read = (int)lbind_field_int(L, 1, "columns_read", t.columns, 0, t.columns);
    q.partitions_read =
        (int)lbind_field_int(L, 1, "partitions_read", t.partitions, 0, t.partitions);
    lbind_push_u64(L, athena_estimate_scan(&t, &q));
    return 1;
}

static int lbind_athena_columnar(lua_State *L)
{
    athena_format f;
    if (!athena_format_parse(lbind_check_name(L, 1), &f))
        return luaL_argerror(L, 1, "unknown format");
    lua_pushboolean(L, athena_format_is_columnar(f));
    return 1;
}

static const luaL_Reg lbind_athena_fns[] = {
    {"cost", lbind_athena_cost},
    {"scan", lbind_athena_scan},
    {"is_columnar", lbind_athena_columnar},
    {NULL, NULL},
};

const lbind_module lbind_module_athena = {
    .name = "athena",
    .functions = lbind_athena_fns,
};
