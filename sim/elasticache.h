#ifndef SIM_ELASTICACHE_H
#define SIM_ELASTICACHE_H

/* ElastiCache: a Redis or a Memcached cluster (elasticache.c), and a
 * cache-aside workload against it (elasticache_workload.c).
 *
 * What the course contrasts, each as the engines behave:
 *  - Memcached: strings only; client-side sharding over 1 to 40 nodes
 *    (rendezvous hashing here, so adding a node moves about 1/n of the
 *    keys); evicts the least recently used item when a node is full; loses
 *    everything on a reboot or a node failure; no replicas.
 *  - Redis: strings and sorted sets (leaderboards); one shard (cluster mode
 *    disabled) or 2 to 15 (cluster mode enabled: CRC16 hash slots, 16,384
 *    of them, split evenly); up to 5 read replicas per shard; Multi-AZ
 *    promotes a replica when a primary fails; the cache survives reboots
 *    (aws-facts.md); when a node is full its maxmemory-policy decides, by
 *    sampling 5 keys as Redis does (maxmemory-samples): volatile-lru (the
 *    ElastiCache default), allkeys-lru, volatile-lfu, allkeys-lfu,
 *    volatile-ttl, volatile-random, allkeys-random, or noeviction. As in
 *    Redis, the check comes before each write: a node over maxmemory evicts
 *    until it is under, and when nothing may go the write fails with
 *    "OOM command not allowed when used memory > 'maxmemory'." - even a
 *    write that would have made the value smaller; a write let in may take
 *    the node over by its own size, and the next one evicts.
 *
 * Every key lives on its shard's primary; replicas hold the same data and
 * serve reads in turn. Memory per item is its key, its value and a fixed
 * bookkeeping overhead (ELASTICACHE_ITEM_OVERHEAD), an approximation of
 * both engines. Time is the simulated clock; ties and samples come from
 * the seeded RNG, so a run repeats exactly.
 *
 * A cluster may be given the script's budget (sim/budget.h): every command,
 * eviction and dropped item is charged to it before it runs (the charges
 * are in elasticache_cost.h), and everything the cluster holds counts
 * toward its memory cap. A command the budget cannot pay for fails with
 * SIM_BUDGET_EXCEEDED and changes nothing (evictions and expiries it made stay);
 * one the memory cap refuses fails with SIM_NO_MEMORY, the key as it was.
 * The calls that have no status to report it (elasticache_delete,
 * elasticache_ttl) are charged too but still answer: the host sees a spent
 * budget with sim_budget_spent() and stops the script. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/status.h"

typedef enum { ELASTICACHE_REDIS, ELASTICACHE_MEMCACHED } elasticache_engine;

typedef enum {
    ELASTICACHE_VOLATILE_LRU, /* the ElastiCache default */
    ELASTICACHE_ALLKEYS_LRU,
    ELASTICACHE_VOLATILE_LFU,
    ELASTICACHE_ALLKEYS_LFU,
    ELASTICACHE_VOLATILE_TTL,
    ELASTICACHE_VOLATILE_RANDOM,
    ELASTICACHE_ALLKEYS_RANDOM,
    ELASTICACHE_NOEVICTION,
    ELASTICACHE_POLICY_COUNT
} elasticache_policy;

bool elasticache_engine_parse(const char *name, elasticache_engine *out);
const char *elasticache_engine_name(elasticache_engine e);
/* "volatile-lru", "allkeys-lfu", ... as Redis spells them. */
bool elasticache_policy_parse(const char *name, elasticache_policy *out);
const char *elasticache_policy_name(elasticache_policy p);

/* The numbers the simulator enforces, in one place. */
typedef struct elasticache_limits {
    int memcached_nodes_max;     /* 40 (CreateCacheCluster NumCacheNodes) */
    int redis_shards_max;        /* 15: cluster mode enabled, course era */
    int redis_replicas_max;      /* 5 per shard */
    uint32_t memcached_key_max;  /* 250 bytes */
    uint32_t memcached_item_max; /* 1 MiB (item_size_max) */
    uint64_t redis_value_max;    /* 512 MiB */
    int eviction_samples;        /* 5 (maxmemory-samples) */
    uint32_t redis_slots;        /* 16,384 hash slots */
    uint64_t node_memory_min;    /* 1 MiB: smaller is a typo */
    uint64_t node_memory_max;    /* 1 TiB */
    /* Host limits, not AWS ones: what one simulated cluster may take of the
     * machine running it. */
    uint64_t items_max;      /* 1,000,000 items held at once */
    uint64_t kept_bytes_max; /* 256 MiB of value bytes; past it only sizes */
    int64_t ttl_max_ms;      /* 100 years */
} elasticache_limits;

const elasticache_limits *elasticache_default_limits(void);

/* Bytes an item takes besides its key and value. */
#define ELASTICACHE_ITEM_OVERHEAD 50

typedef struct elasticache_cluster elasticache_cluster;

typedef struct elasticache_config {
    const char *name; /* 1..40 characters */
    elasticache_engine engine;
    uint64_t node_memory;      /* maxmemory of each node in bytes; 0 = 64 MiB */
    int shards;                /* Redis: 1, or 2..15; Memcached: nodes, 1..40; 0 = 1 */
    int replicas;              /* Redis: read replicas per shard, 0..5 */
    bool multi_az;             /* Redis: automatic failover (needs a replica) */
    elasticache_policy policy; /* Redis; Memcached always evicts LRU */
    /* Host limits for this cluster; 0 = items_max, kept_bytes_max. */
    uint64_t items_cap, kept_cap;
    sim_budget *budget; /* borrowed, outlives the cluster; NULL = unlimited, uncounted */
} elasticache_config;

elasticache_cluster *elasticache_new(const elasticache_config *cfg, sim_clock *clock, sim_rng *rng,
                                     sim_error *err);
void elasticache_free(elasticache_cluster *c);
const char *elasticache_name(const elasticache_cluster *c);
elasticache_engine elasticache_engine_of(const elasticache_cluster *c);
elasticache_policy elasticache_policy_of(const elasticache_cluster *c);
int elasticache_shard_count(const elasticache_cluster *c);
/* Which shard (Memcached: node) holds key. Charged to the cluster's budget
 * (the key hashed, Memcached's nodes scored), but it answers even when the
 * budget is spent. */
int elasticache_shard_for_key(const elasticache_cluster *c, const char *key, size_t klen);
/* Redis's CRC16 hash slot of a key (a {hash tag} counts alone). It has no
 * cluster, so no budget: a caller under one charges it
 * elasticache_key_cost(klen) units. */
unsigned elasticache_hash_slot(const char *key, size_t klen);
uint64_t elasticache_key_cost(size_t klen);

/* --- data (the engines' commands) ---------------------------------------- */

/* SET key value [PX ttl_ms] (Memcached: set with an expiry). value may be
 * NULL with vlen > 0: an item of that size whose bytes are not kept (the
 * workload); past kept_bytes_max of values in the cluster, values are kept
 * as their size only. ttl_ms 0 means no expiry. Fails with SIM_ENGINE_ERROR
 * and the engine's reply when the node refuses it (see above for when),
 * and with SIM_LIMIT_EXCEEDED past items_max items. */
sim_status elasticache_set(elasticache_cluster *c, const char *key, size_t klen, const void *value,
                           size_t vlen, int64_t ttl_ms, sim_error *err);

typedef struct elasticache_get_result {
    bool hit;
    const void *value; /* NULL on a miss, or when the bytes were not kept */
    size_t len;
    int shard;
    int node; /* 0: the primary; 1..replicas: the replica that served it */
} elasticache_get_result;

/* GET: reads go round the shard's primary and replicas in turn. */
sim_status elasticache_get(elasticache_cluster *c, const char *key, size_t klen,
                           elasticache_get_result *out, sim_error *err);
/* DEL: true when the key existed. */
bool elasticache_delete(elasticache_cluster *c, const char *key, size_t klen);
/* PTTL: milliseconds left, -1 for a key with no expiry, -2 for no key. */
int64_t elasticache_ttl(elasticache_cluster *c, const char *key, size_t klen);

/* ZADD key score member (Redis only): adds or moves a member of a sorted
 * set; `added` tells which. */
sim_status elasticache_zadd(elasticache_cluster *c, const char *key, size_t klen,
                            const char *member, size_t mlen, double score, bool *added,
                            sim_error *err);

typedef struct elasticache_zentry {
    const char *member;
    size_t len;
    double score;
} elasticache_zentry;

/* ZREVRANGE key 0 n-1 WITHSCORES: the n highest scores, highest first (ties
 * by member, as Redis orders them). Returns how many were written. */
sim_status elasticache_ztop(elasticache_cluster *c, const char *key, size_t klen,
                            elasticache_zentry *out, size_t n, size_t *count, sim_error *err);

/* --- operations ---------------------------------------------------------- */

/* What happened to a shard's data. */
typedef struct elasticache_event {
    bool data_kept;   /* the shard's items are still there */
    bool failed_over; /* a replica was promoted */
    uint64_t items_lost;
} elasticache_event;

/* Reboots a shard's nodes (Memcached: one node): Redis keeps its data,
 * Memcached starts empty. */
sim_status elasticache_reboot(elasticache_cluster *c, int shard, elasticache_event *out,
                              sim_error *err);
/* The primary of a shard (Memcached: the node) fails. With Multi-AZ and a
 * replica, the replica is promoted and the data kept; otherwise the node is
 * replaced empty. */
sim_status elasticache_fail_primary(elasticache_cluster *c, int shard, elasticache_event *out,
                                    sim_error *err);
/* Memcached: scale out or in to `nodes`. The client hashes keys over the
 * new set of nodes; items stay where they were, so the keys that moved
 * miss until they are set again, and a removed node's items are gone. */
sim_status elasticache_set_nodes(elasticache_cluster *c, int nodes, sim_error *err);

/* --- stats --------------------------------------------------------------- */

typedef struct elasticache_stats {
    uint64_t items, bytes; /* what is stored now (expired items count until seen) */
    uint64_t memory;       /* maxmemory of the shard's primary */
    uint64_t gets, hits, misses;
    uint64_t sets, evictions, expirations, oom_errors;
    uint64_t replica_reads; /* gets served by replicas */
    uint64_t reboots, failovers, data_losses;
} elasticache_stats;

/* One shard (Memcached: node); shard -1 sums the cluster. */
bool elasticache_stats_get(const elasticache_cluster *c, int shard, elasticache_stats *out);

/* --- a cache-aside workload (elasticache_workload.c) --------------------- */

/* An application reading through the cache: a GET, and on a miss a read of
 * the database and a SET; a share of the operations are updates, written to
 * the database and then to the cache (write-through). Keys are "key:N" for
 * N < keys; a hot share of the requests goes to a hot fraction of the keys
 * (80% to 20% unless given). Runs on the cluster's clock, `ops_per_s`
 * operations a second. When the budget runs out part way, it stops there
 * with SIM_BUDGET_EXCEEDED, and `out` counts what ran. */
typedef struct elasticache_workload {
    uint64_t keys;       /* distinct keys, 1..1,000,000 */
    uint64_t ops;        /* operations, 1..10,000,000 */
    double ops_per_s;    /* 0 = 1,000; else 0.001..10,000,000 */
    double write_share;  /* 0..1: updates among the operations */
    double hot_keys;     /* 0..1, 0 = 0.2: the hot fraction of the keys */
    double hot_requests; /* 0..1, 0 = 0.8: the requests that go to them */
    size_t value_bytes;  /* 1..1 MiB; 0 = 1,000 */
    int64_t ttl_ms;      /* 0 = no expiry */
} elasticache_workload;

typedef struct elasticache_workload_result {
    uint64_t reads, hits, misses, writes;
    uint64_t db_reads, db_writes; /* what reached the database */
    uint64_t evictions, expirations, oom_errors;
    double hit_ratio; /* hits / reads */
    int64_t elapsed_ms;
} elasticache_workload_result;

sim_status elasticache_run_workload(elasticache_cluster *c, const elasticache_workload *w,
                                    elasticache_workload_result *out, sim_error *err);

#endif
