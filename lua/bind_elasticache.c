/* aws.elasticache: Redis and Memcached clusters and their data commands
 * (SET, GET, DEL, PTTL, ZADD, ZREVRANGE). Reboots, failures, scaling, stats
 * and the cache-aside workload are in bind_elasticache_ops.c. */
#include <lauxlib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_elasticache.h"

/* The most entries one ztop call returns; a larger n is refused so a script
 * cannot make the host allocate without bound. */
#define ZTOP_MAX 10000
/* Sizes of items whose bytes are not kept: far above any engine's limit, so
 * the simulator refuses anything bigger with its own message first. */
#define SIZED_ITEM_MAX (UINT64_C(1) << 48)

elasticache_cluster *lbind_elasticache_check(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, LBIND_ELASTICACHE_CLUSTER))->p;
}

int lbind_elasticache_shard(lua_State *L, elasticache_cluster *c, int idx)
{
    lua_Integer shard = lbind_check_int(L, idx, LUA_MININTEGER, LUA_MAXINTEGER);
    int n = elasticache_shard_count(c);
    if (shard < 0 || shard >= n)
        return luaL_argerror(L, idx, lua_pushfstring(L, "no such shard (0 to %d)", n - 1));
    return (int)shard;
}

int64_t lbind_elasticache_ttl(lua_State *L, int64_t ms, const char *what)
{
    if (ms < 0) return luaL_error(L, "%s cannot be negative", what);
    if (ms > LBIND_ELASTICACHE_TTL_MAX) return luaL_error(L, "%s is longer than 100 years", what);
    if (ms > INT64_MAX - sim_clock_now(lbind_clock(L)))
        return luaL_error(L, "%s ends past the end of the clock", what);
    return ms;
}

/* A refusal by the binding itself, in the simulator's error shape. */
static int fail_field(lua_State *L, const char *field, const char *why, const char *value)
{
    sim_error err = {0};
    sim_fail(&err, SIM_INVALID_PARAMETER_VALUE, "%s: '%s' %s", field, value, why);
    return lbind_fail(L, &err, "aws.elasticache.cluster");
}

/* aws.elasticache.cluster{ name, engine = "redis", node_memory = "64MB",
 *   shards = 1, replicas = 0, multi_az = false, policy = "volatile-lru" }
 * -> cluster | nil, err */
static int l_cluster(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    elasticache_config cfg = {0};
    cfg.name = lbind_field_name(L, 1, "name", NULL);
    if (!cfg.name) {
        sim_error err = {0};
        sim_fail(&err, SIM_MISSING_PARAMETER_VALUE, "name: a cluster needs a name");
        return lbind_fail(L, &err, "aws.elasticache.cluster");
    }
    const char *engine = lbind_field_name(L, 1, "engine", "redis");
    if (!elasticache_engine_parse(engine, &cfg.engine))
        return fail_field(L, "engine", "is not an engine (redis or memcached)", engine);
    const char *policy = lbind_field_name(L, 1, "policy", "volatile-lru");
    if (!elasticache_policy_parse(policy, &cfg.policy))
        return fail_field(L, "policy",
                          "is not a maxmemory-policy (volatile-lru, allkeys-lru, "
                          "volatile-lfu, allkeys-lfu, volatile-ttl, volatile-random, "
                          "allkeys-random or noeviction)",
                          policy);
    /* 0 means "the default" to the simulator; a script that writes 0 means
     * zero, so it is refused here rather than silently replaced. */
    cfg.node_memory = lbind_field_size(L, 1, "node_memory", 64 * (UINT64_C(1) << 20));
    if (cfg.node_memory == 0) return fail_field(L, "node_memory", "is too small", "0");
    lua_Integer shards = lbind_field_int(L, 1, "shards", 1, LUA_MININTEGER, LUA_MAXINTEGER);
    if (shards < 1)
        return fail_field(L, "shards", "must be at least 1", lua_pushfstring(L, "%I", shards));
    lua_Integer replicas = lbind_field_int(L, 1, "replicas", 0, LUA_MININTEGER, LUA_MAXINTEGER);
    /* Beyond C's int no cluster can be: refused here, naming what was given. */
    if (shards > INT_MAX)
        return fail_field(L, "shards", "is not a number of shards a cluster can have",
                          lua_pushfstring(L, "%I", shards));
    if (replicas > INT_MAX || replicas < INT_MIN)
        return fail_field(L, "replicas", "is not a number of replicas a shard can have",
                          lua_pushfstring(L, "%I", replicas));
    cfg.shards = (int)shards;
    cfg.replicas = (int)replicas;
    cfg.multi_az = lbind_field_bool(L, 1, "multi_az", 0);
    cfg.budget = lbind_budget(L);
    lbind_handle *u = lbind_new_object(L, sizeof *u, LBIND_ELASTICACHE_CLUSTER, 0);
    sim_error err = {0};
    u->p = elasticache_new(&cfg, lbind_clock(L), lbind_rng(L), &err);
    if (!u->p) return lbind_fail(L, &err, "aws.elasticache.cluster");
    return 1;
}

static int l_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, LBIND_ELASTICACHE_CLUSTER);
    if (u && u->p) {
        elasticache_free(u->p);
        u->p = NULL;
    }
    return 0;
}

/* c:set(key, value [, ttl]) or c:set(key, { size = "1KB" } [, ttl]) -> true | nil, err */
static int l_set(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen, vlen = 0;
    const char *key = luaL_checklstring(L, 2, &klen);
    const void *value = NULL;
    if (lua_type(L, 3) == LUA_TTABLE) {
        int missing = lbind_field(L, 3, "size") == LUA_TNIL;
        lua_pop(L, 1);
        luaL_argcheck(L, !missing, 3, "an item without its bytes needs { size = \"1KB\" }");
        uint64_t size = lbind_field_size(L, 3, "size", 0);
        luaL_argcheck(L, size <= SIZED_ITEM_MAX, 3, "the size is too large");
        vlen = (size_t)size;
        if (vlen == 0) value = ""; /* an empty value is kept: there is nothing to keep */
    } else {
        value = luaL_checklstring(L, 3, &vlen);
    }
    int64_t ttl = 0;
    if (!lua_isnoneornil(L, 4)) ttl = lbind_elasticache_ttl(L, lbind_check_duration(L, 4), "a ttl");
    sim_error err = {0};
    if (elasticache_set(c, key, klen, value, vlen, ttl, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:set");
    lua_pushboolean(L, 1);
    return 1;
}

/* c:get(key) -> value | true (a hit on an item whose bytes were not kept) |
 * nil (a miss), { hit, shard, node, size }; or nil, err */
static int l_get(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen;
    const char *key = luaL_checklstring(L, 2, &klen);
    elasticache_get_result r = {0};
    sim_error err = {0};
    if (elasticache_get(c, key, klen, &r, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:get");
    if (!r.hit)
        lua_pushnil(L);
    else if (r.value || r.len == 0)
        lua_pushlstring(L, r.value ? r.value : "", r.value ? r.len : 0);
    else
        lua_pushboolean(L, 1);
    lua_createtable(L, 0, 4);
    lbind_set_bool(L, "hit", r.hit);
    lbind_set_int(L, "shard", r.shard);
    lbind_set_int(L, "node", r.node);
    lbind_set_u64(L, "size", r.hit ? r.len : 0);
    return 2;
}

/* c:delete(key) -> true when the key existed */
static int l_delete(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen;
    const char *key = luaL_checklstring(L, 2, &klen);
    lua_pushboolean(L, elasticache_delete(c, key, klen));
    return 1;
}

/* c:ttl(key) -> ms left, -1 for no expiry, -2 for no key */
static int l_ttl(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen;
    const char *key = luaL_checklstring(L, 2, &klen);
    lua_pushinteger(L, (lua_Integer)elasticache_ttl(c, key, klen));
    return 1;
}

/* c:zadd(key, score, member) -> true (added) | false (moved) | nil, err */
static int l_zadd(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen, mlen;
    const char *key = luaL_checklstring(L, 2, &klen);
    lua_Number score = luaL_checknumber(L, 3);
    luaL_argcheck(L, score == score, 3, "a score is not a number (NaN)");
    const char *member = luaL_checklstring(L, 4, &mlen);
    bool added = false;
    sim_error err = {0};
    if (elasticache_zadd(c, key, klen, member, mlen, (double)score, &added, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:zadd");
    lua_pushboolean(L, added);
    return 1;
}

/* A score as Lua shows it best: 42 rather than 42.0 when it is whole. */
static void push_score(lua_State *L, double s)
{
    if (s >= -9007199254740992.0 && s <= 9007199254740992.0 && (double)(lua_Integer)s == s)
        lua_pushinteger(L, (lua_Integer)s);
    else
        lua_pushnumber(L, (lua_Number)s);
}

/* c:ztop(key, n) -> { { member =, score = }, ... } highest first | nil, err */
static int l_ztop(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen;
    const char *key = luaL_checklstring(L, 2, &klen);
    lua_Integer n = luaL_checkinteger(L, 3);
    luaL_argcheck(L, n >= 0 && n <= ZTOP_MAX, 3, "n must be between 0 and 10000");
    elasticache_zentry *e = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *e, 0);
    size_t count = 0;
    sim_error err = {0};
    if (elasticache_ztop(c, key, klen, e, (size_t)n, &count, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:ztop");
    if (count > (size_t)n) count = (size_t)n;
    lua_createtable(L, (int)count, 0);
    for (size_t i = 0; i < count; i++) {
        lua_createtable(L, 0, 2);
        lua_pushlstring(L, e[i].member ? e[i].member : "", e[i].member ? e[i].len : 0);
        lua_setfield(L, -2, "member");
        push_score(L, e[i].score);
        lua_setfield(L, -2, "score");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* c:shard_for(key) -> the 0-based shard (Memcached: node) that holds key */
static int l_shard_for(lua_State *L)
{
    elasticache_cluster *c = lbind_elasticache_check(L, 1);
    size_t klen;
    const char *key = luaL_checklstring(L, 2, &klen);
    lua_pushinteger(L, elasticache_shard_for_key(c, key, klen));
    return 1;
}

static int l_name(lua_State *L)
{
    lua_pushstring(L, elasticache_name(lbind_elasticache_check(L, 1)));
    return 1;
}

static int l_engine(lua_State *L)
{
    lua_pushstring(L,
                   elasticache_engine_name(elasticache_engine_of(lbind_elasticache_check(L, 1))));
    return 1;
}

static int l_policy(lua_State *L)
{
    lua_pushstring(L,
                   elasticache_policy_name(elasticache_policy_of(lbind_elasticache_check(L, 1))));
    return 1;
}

static int l_shards(lua_State *L)
{
    lua_pushinteger(L, elasticache_shard_count(lbind_elasticache_check(L, 1)));
    return 1;
}

/* aws.elasticache.hash_slot(key) -> Redis's hash slot, 0..16383 */
static int l_hash_slot(lua_State *L)
{
    size_t klen;
    const char *key = luaL_checklstring(L, 1, &klen);
    lbind_charge(L, elasticache_key_cost(klen)); /* no cluster here to charge it */
    lua_pushinteger(L, (lua_Integer)elasticache_hash_slot(key, klen));
    return 1;
}

/* aws.elasticache.limits() -> the numbers the simulator enforces */
static int l_limits(lua_State *L)
{
    const elasticache_limits *m = elasticache_default_limits();
    lua_createtable(L, 0, 13);
    lbind_set_int(L, "memcached_nodes_max", m->memcached_nodes_max);
    lbind_set_int(L, "redis_shards_max", m->redis_shards_max);
    lbind_set_int(L, "redis_replicas_max", m->redis_replicas_max);
    lbind_set_int(L, "memcached_key_max", (lua_Integer)m->memcached_key_max);
    lbind_set_int(L, "memcached_item_max", (lua_Integer)m->memcached_item_max);
    lbind_set_int(L, "redis_value_max", (lua_Integer)m->redis_value_max);
    lbind_set_int(L, "eviction_samples", m->eviction_samples);
    lbind_set_int(L, "redis_slots", (lua_Integer)m->redis_slots);
    lbind_set_int(L, "node_memory_min", (lua_Integer)m->node_memory_min);
    lbind_set_int(L, "node_memory_max", (lua_Integer)m->node_memory_max);
    lbind_set_int(L, "item_overhead", ELASTICACHE_ITEM_OVERHEAD);
    lbind_set_int(L, "items_max", (lua_Integer)m->items_max);
    lbind_set_int(L, "kept_bytes_max", (lua_Integer)m->kept_bytes_max);
    return 1;
}

static const luaL_Reg cluster_methods[] = {
    {"set", l_set},       {"get", l_get},       {"delete", l_delete},       {"ttl", l_ttl},
    {"zadd", l_zadd},     {"ztop", l_ztop},     {"shard_for", l_shard_for}, {"name", l_name},
    {"engine", l_engine}, {"policy", l_policy}, {"shards", l_shards},       {NULL, NULL},
};

static const luaL_Reg elasticache_fns[] = {
    {"cluster", l_cluster},
    {"hash_slot", l_hash_slot},
    {"limits", l_limits},
    {NULL, NULL},
};

static const lbind_class elasticache_classes[] = {
    {.type = "cluster", .methods = cluster_methods, .gc = l_gc},
    {0},
};

const lbind_module lbind_module_elasticache = {
    .name = "elasticache",
    .functions = elasticache_fns,
    .classes = elasticache_classes,
};

/* The operations (bind_elasticache_ops.c) extend the same class. */
const lbind_module lbind_module_elasticache_ops = {
    .name = "elasticache",
    .extends = LBIND_ELASTICACHE_CLUSTER,
    .extension = lbind_elasticache_ops_methods,
};
