/* aws.elasticache cluster operations: reboots and primary failures, scaling
 * a Memcached cluster, stats, and the cache-aside workload. */
#include <lauxlib.h>
#include <math.h>

#include "lua/bind.h"
#include "lua/bind_elasticache.h"

static int push_event(lua_State *L, sim_status st, const elasticache_event *e, const sim_error *err)
{
    if (st != SIM_OK) return lbind_fail(L, err, "cluster event");
    lua_createtable(L, 0, 3);
    lbind_set_bool(L, "data_kept", e->data_kept);
    lbind_set_bool(L, "failed_over", e->failed_over);
    lbind_set_u64(L, "items_lost", e->items_lost);
    return 1;
}

/* c:reboot(shard) -> { data_kept, failed_over, items_lost } | nil, err */
static int l_reboot(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    int shard = lbind_elasticache_shard(L, c, 2);
    elasticache_event e = {0};
    sim_error err = {0};
    return push_event(L, elasticache_reboot(c, shard, &e, &err), &e, &err);
}

/* c:fail_primary(shard) -> { data_kept, failed_over, items_lost } | nil, err */
static int l_fail_primary(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    int shard = lbind_elasticache_shard(L, c, 2);
    elasticache_event e = {0};
    sim_error err = {0};
    return push_event(L, elasticache_fail_primary(c, shard, &e, &err), &e, &err);
}

/* c:set_nodes(n) -> true | nil, err (Memcached only) */
static int l_set_nodes(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    lua_Integer n = lbind_check_int(L, 2, LUA_MININTEGER, LUA_MAXINTEGER);
    if ((n > INT_MAX || n < INT_MIN) && elasticache_engine_of(c) == ELASTICACHE_MEMCACHED) {
        /* The simulator's words, with the number the script gave (C's int
         * cannot hold it). */
        sim_error e = {0};
        sim_fail(&e, SIM_INVALID_PARAMETER_VALUE,
                 "NumCacheNodes: for clusters running Memcached, this value must be between 1 "
                 "and %d (not %lld).",
                 elasticache_default_limits()->memcached_nodes_max, (long long)n);
        return lbind_fail(L, &e, "cluster:set_nodes");
    }
    int nodes = n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : (int)n;
    sim_error err = {0};
    if (elasticache_set_nodes(c, nodes, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:set_nodes");
    lua_pushboolean(L, 1);
    return 1;
}

/* c:stats([shard]) -> counters of one shard (Memcached: node), or of the
 * whole cluster without an argument */
static int l_stats(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    int shard = lua_isnoneornil(L, 2) ? -1 : lbind_elasticache_shard(L, c, 2);
    elasticache_stats s = {0};
    if (!elasticache_stats_get(c, shard, &s)) return luaL_argerror(L, 2, "no such shard");
    lua_createtable(L, 0, 14);
    lbind_set_u64(L, "items", s.items);
    lbind_set_u64(L, "bytes", s.bytes);
    lbind_set_u64(L, "memory", s.memory);
    lbind_set_u64(L, "gets", s.gets);
    lbind_set_u64(L, "hits", s.hits);
    lbind_set_u64(L, "misses", s.misses);
    lbind_set_u64(L, "sets", s.sets);
    lbind_set_u64(L, "evictions", s.evictions);
    lbind_set_u64(L, "expirations", s.expirations);
    lbind_set_u64(L, "oom_errors", s.oom_errors);
    lbind_set_u64(L, "replica_reads", s.replica_reads);
    lbind_set_u64(L, "reboots", s.reboots);
    lbind_set_u64(L, "failovers", s.failovers);
    lbind_set_u64(L, "data_losses", s.data_losses);
    return 1;
}

/* A count no workload can have below zero. */
static uint64_t count_field(lua_State *L, int t, const char *k)
{
    lua_Integer v = lbind_field_int(L, t, k, 0, LUA_MININTEGER, LUA_MAXINTEGER);
    if (v < 0) return (uint64_t)luaL_error(L, "field '%s' cannot be negative", k);
    return (uint64_t)v;
}

/* A share: a number from 0 to 1. */
static double share_field(lua_State *L, int t, const char *k)
{
    if (lbind_field(L, t, k) != LUA_TNIL && lua_type(L, -1) != LUA_TNUMBER)
        return luaL_error(L, "field '%s' must be a number", k);
    double v = lua_isnil(L, -1) ? 0 : (double)lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!(v >= 0 && v <= 1)) return luaL_error(L, "field '%s' must be between 0 and 1", k);
    return v;
}

/* c:workload{ keys, ops, ops_per_s = 1000, write_share = 0, hot_keys = 0.2,
 *             hot_requests = 0.8, value_bytes = 1000, ttl = nil }
 * -> { reads, hits, misses, writes, db_reads, db_writes, evictions,
 *      expirations, oom_errors, hit_ratio, elapsed } | nil, err */
static int l_workload(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    lbind_check_opts(L, 2, false);
    elasticache_workload w = {0};
    w.keys = count_field(L, 2, "keys");
    w.ops = count_field(L, 2, "ops");
    w.ops_per_s = lbind_field_num(L, 2, "ops_per_s", 0, 0, 1e12);
    /* Any rate up to the simulator's limit, but not so slow that the run
     * would outlast the clock: 0.001 operations a second at the least. */
    if (!(w.ops_per_s == 0 || (w.ops_per_s >= 0.001 && w.ops_per_s <= 1e12)))
        return luaL_error(L, "field 'ops_per_s' must be 0 (1,000 a second) or at least 0.001");
    w.write_share = share_field(L, 2, "write_share");
    w.hot_keys = share_field(L, 2, "hot_keys");
    w.hot_requests = share_field(L, 2, "hot_requests");
    uint64_t vb = lbind_field_size(L, 2, "value_bytes", 0);
    if (vb > (UINT64_C(1) << 48)) return luaL_error(L, "field 'value_bytes' is too large");
    w.value_bytes = (size_t)vb;
    w.ttl_ms = lbind_elasticache_ttl(
        L, lbind_field_duration(L, 2, "ttl", 0, LBIND_ELASTICACHE_TTL_MAX), "field 'ttl'");
    /* The run moves the clock by ops / ops_per_s and sets expiries after
     * that: all of it must stay a time the clock can hold. */
    double rate = w.ops_per_s > 0 ? w.ops_per_s : 1000;
    double last =
        (double)sim_clock_now(lbind_clock(L)) + (double)w.ops * 1000.0 / rate + (double)w.ttl_ms;
    if (last > 9.0e18) return luaL_error(L, "the clock is too far on for this workload");
    elasticache_workload_result r = {0};
    sim_error err = {0};
    if (elasticache_run_workload(c, &w, &r, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:workload");
    lua_createtable(L, 0, 11);
    lbind_set_u64(L, "reads", r.reads);
    lbind_set_u64(L, "hits", r.hits);
    lbind_set_u64(L, "misses", r.misses);
    lbind_set_u64(L, "writes", r.writes);
    lbind_set_u64(L, "db_reads", r.db_reads);
    lbind_set_u64(L, "db_writes", r.db_writes);
    lbind_set_u64(L, "evictions", r.evictions);
    lbind_set_u64(L, "expirations", r.expirations);
    lbind_set_u64(L, "oom_errors", r.oom_errors);
    lbind_set_num(L, "hit_ratio", isfinite(r.hit_ratio) ? r.hit_ratio : 0);
    lbind_set_int(L, "elapsed", (lua_Integer)r.elapsed_ms);
    return 1;
}

const luaL_Reg lbind_elasticache_ops_methods[] = {
    {"reboot", l_reboot}, {"fail_primary", l_fail_primary}, {"set_nodes", l_set_nodes},
    {"stats", l_stats},   {"workload", l_workload},         {NULL, NULL},
};
