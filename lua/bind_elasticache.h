#ifndef LUA_BIND_ELASTICACHE_H
#define LUA_BIND_ELASTICACHE_H

/* Shared between bind_elasticache.c (the module, the cluster and its data
 * commands) and bind_elasticache_ops.c (reboots, failures, scaling, stats
 * and the cache-aside workload). */
#include <limits.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>

#include "sim/elasticache.h"

#define LBIND_ELASTICACHE_CLUSTER "bdw.elasticache.cluster"

/* The longest TTL a script may ask for, 100 years: far beyond any real use,
 * and small enough that the clock plus it cannot overflow. */
#define LBIND_ELASTICACHE_TTL_MAX (INT64_C(100) * 365 * 24 * 3600 * 1000)

elasticache_cluster *lbind_elasticache_check(lua_State *L, int idx);
/* Reads a 0-based shard (Memcached: node) number at idx; raises an argument
 * error naming the valid range when there is no such shard. */
int lbind_elasticache_shard(lua_State *L, elasticache_cluster *c, int idx);
/* Checks a TTL in ms (0 = none): raises naming `what` when it is negative
 * or longer than LBIND_ELASTICACHE_TTL_MAX. */
int64_t lbind_elasticache_ttl(lua_State *L, int64_t ms, const char *what);
/* The operation methods, added to the cluster class. */
extern const luaL_Reg lbind_elasticache_ops_methods[];

#endif
