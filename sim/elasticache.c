/* ElastiCache clusters: configuration, which shard holds a key, the string
 * commands, reboots and failures, stats. Items and eviction live in
 * elasticache_store.c, sorted sets in elasticache_zset.c. */
#include "sim/elasticache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/elasticache_internal.h"

static const elasticache_limits default_limits = {
    /* CreateCacheCluster, NumCacheNodes: "For clusters running Memcached,
     * this value must be between 1 and 40." */
    .memcached_nodes_max = 40,
    /* aws-facts.md: cluster mode, 2-15 node groups in the course era. */
    .redis_shards_max = 15,
    /* A shard holds a primary and up to 5 replicas (6 nodes). */
    .redis_replicas_max = 5,
    /* Memcached's protocol: keys up to 250 bytes; items up to item_size_max,
     * 1 MiB by default. Redis strings: up to 512 MiB. */
    .memcached_key_max = 250,
    .memcached_item_max = 1u << 20,
    .redis_value_max = (uint64_t)512 << 20,
    /* Redis's maxmemory-samples default. */
    .eviction_samples = 5,
    .redis_slots = 16384,
    /* Not AWS numbers: they keep a mistyped size from meaning nothing. */
    .node_memory_min = (uint64_t)1 << 20,
    .node_memory_max = (uint64_t)1 << 40,
    .items_max = 1000000,
    .kept_bytes_max = (uint64_t)256 << 20,
    .ttl_max_ms = (int64_t)100 * 366 * 24 * 3600 * 1000,
};

const elasticache_limits *elasticache_default_limits(void)
{
    return &default_limits;
}

static const char *const policy_names[ELASTICACHE_POLICY_COUNT] = {
    "volatile-lru", "allkeys-lru",     "volatile-lfu",   "allkeys-lfu",
    "volatile-ttl", "volatile-random", "allkeys-random", "noeviction",
};

bool elasticache_policy_parse(const char *name, elasticache_policy *out)
{
    for (int i = 0; name && i < ELASTICACHE_POLICY_COUNT; i++) {
        if (strcmp(name, policy_names[i]) == 0) {
            *out = (elasticache_policy)i;
            return true;
        }
    }
    return false;
}

const char *elasticache_policy_name(elasticache_policy p)
{
    return (unsigned)p < ELASTICACHE_POLICY_COUNT ? policy_names[p] : "?";
}

bool elasticache_engine_parse(const char *name, elasticache_engine *out)
{
    if (name && strcmp(name, "redis") == 0) return *out = ELASTICACHE_REDIS, true;
    if (name && strcmp(name, "memcached") == 0) return *out = ELASTICACHE_MEMCACHED, true;
    return false;
}

const char *elasticache_engine_name(elasticache_engine e)
{
    return e == ELASTICACHE_MEMCACHED ? "memcached" : "redis";
}

/* --- clusters ------------------------------------------------------------ */

elasticache_cluster *elasticache_new(const elasticache_config *cfg, sim_clock *clock, sim_rng *rng,
                                     sim_error *err)
{
    const elasticache_limits *lim = &default_limits;
    size_t nlen = cfg && cfg->name ? strlen(cfg->name) : 0;
    if (nlen < 1 || nlen > 40) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "The cluster name must be 1 to 40 characters long.");
        return NULL;
    }
    bool redis = cfg->engine == ELASTICACHE_REDIS;
    if (!redis && cfg->engine != ELASTICACHE_MEMCACHED) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "The engine is redis or memcached.");
        return NULL;
    }
    uint64_t memory = cfg->node_memory ? cfg->node_memory : (uint64_t)64 << 20;
    if (memory < lim->node_memory_min || memory > lim->node_memory_max) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "Node memory must be between 1 MiB and 1 TiB, not %llu bytes.",
                 (unsigned long long)memory);
        return NULL;
    }
    int shards = cfg->shards ? cfg->shards : 1;
    if (redis && (shards < 1 || shards > lim->redis_shards_max)) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "A Redis cluster has 1 shard (cluster mode disabled) or 2 to %d (cluster mode "
                 "enabled), not %d.",
                 lim->redis_shards_max, shards);
        return NULL;
    }
    if (!redis && (shards < 1 || shards > lim->memcached_nodes_max)) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "NumCacheNodes: for clusters running Memcached, this value must be between 1 "
                 "and %d (not %d).",
                 lim->memcached_nodes_max, shards);
        return NULL;
    }
    if (!redis && (cfg->replicas || cfg->multi_az)) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "Memcached has no replicas and no Multi-AZ failover: each node holds its own "
                 "share of the keys.");
        return NULL;
    }
    if (cfg->replicas < 0 || cfg->replicas > lim->redis_replicas_max) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "A shard has 0 to %d read replicas, not %d.",
                 lim->redis_replicas_max, cfg->replicas);
        return NULL;
    }
    if (cfg->multi_az && cfg->replicas < 1) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "Multi-AZ with automatic failover needs at least one read replica per shard.");
        return NULL;
    }
    if ((unsigned)cfg->policy >= ELASTICACHE_POLICY_COUNT) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "Unknown maxmemory-policy.");
        return NULL;
    }
    if (!sim_budget_charge(cfg->budget, EC_COST_CLUSTER)) {
        sim_fail_work(err, "creating cluster %s", cfg->name);
        return NULL;
    }
    elasticache_cluster *c = sim_calloc(cfg->budget, 1, sizeof *c);
    if (c) c->shards = sim_calloc(cfg->budget, (size_t)lim->memcached_nodes_max, sizeof *c->shards);
    if (!c || !c->shards) {
        sim_free(cfg->budget, c);
        sim_fail_memory(err, cfg->budget, "creating cluster %s", cfg->name);
        return NULL;
    }
    c->budget = cfg->budget;
    memcpy(c->name, cfg->name, nlen + 1);
    c->engine = cfg->engine;
    c->policy = redis ? cfg->policy : ELASTICACHE_ALLKEYS_LRU;
    c->memory = memory;
    c->nshards = shards;
    c->replicas = cfg->replicas;
    c->multi_az = cfg->multi_az;
    c->items_cap =
        cfg->items_cap && cfg->items_cap < lim->items_max ? cfg->items_cap : lim->items_max;
    c->kept_cap =
        cfg->kept_cap && cfg->kept_cap < lim->kept_bytes_max ? cfg->kept_cap : lim->kept_bytes_max;
    c->clock = clock;
    c->rng = rng;
    for (int i = 0; i < lim->memcached_nodes_max; i++)
        c->shards[i].st.memory = memory;
    return c;
}

static void shard_free(elasticache_cluster *c, ec_shard *sh)
{
    ec_flush(c, sh);
    sim_free(c->budget, sh->all);
    sim_free(c->budget, sh->vol);
}

void elasticache_free(elasticache_cluster *c)
{
    if (!c) return;
    for (int i = 0; i < default_limits.memcached_nodes_max; i++)
        shard_free(c, &c->shards[i]);
    sim_free(c->budget, c->shards);
    sim_free(c->budget, c);
}

const char *elasticache_name(const elasticache_cluster *c)
{
    return c->name;
}
elasticache_engine elasticache_engine_of(const elasticache_cluster *c)
{
    return c->engine;
}
elasticache_policy elasticache_policy_of(const elasticache_cluster *c)
{
    return c->policy;
}
int elasticache_shard_count(const elasticache_cluster *c)
{
    return c->nshards;
}

/* --- which shard --------------------------------------------------------- */

/* CRC16-CCITT (XModem), as Redis Cluster uses for hash slots. */
static unsigned crc16(const char *p, size_t n)
{
    unsigned crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (unsigned)(uint8_t)p[i] << 8;
        for (int b = 0; b < 8; b++)
            crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
    }
    return crc;
}

unsigned elasticache_hash_slot(const char *key, size_t klen)
{
    /* A {tag} with something in it: only the tag is hashed, so related keys
     * land in one slot. */
    const char *open = memchr(key, '{', klen);
    if (open) {
        size_t from = (size_t)(open - key) + 1;
        const char *close = memchr(key + from, '}', klen - from);
        if (close && close > key + from)
            return crc16(key + from, (size_t)(close - key) - from) & 16383;
    }
    return crc16(key, klen) & 16383;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xFF51AFD7ED558CCD);
    x ^= x >> 33;
    x *= UINT64_C(0xC4CEB9FE1A85EC53);
    return x ^ (x >> 33);
}

uint64_t elasticache_key_cost(size_t klen)
{
    return 1 + klen / EC_KEY_BYTES_PER_UNIT;
}

int elasticache_shard_for_key(const elasticache_cluster *c, const char *key, size_t klen)
{
    /* The key hashed, and for Memcached a score for each node. No status
     * to report a spent budget: it answers, and the host stops. */
    uint64_t nodes = c->engine == ELASTICACHE_MEMCACHED ? (uint64_t)c->nshards : 0;
    (void)ec_charge(c, elasticache_key_cost(klen) + nodes / EC_NODES_SCORED_PER_UNIT);
    return ec_shard_of(c, key, klen);
}

int ec_shard_of(const elasticache_cluster *c, const char *key, size_t klen)
{
    if (c->nshards == 1) return 0;
    if (c->engine == ELASTICACHE_REDIS)
        return (int)((uint64_t)elasticache_hash_slot(key, klen) * (uint64_t)c->nshards / 16384);
    /* The client's rendezvous hashing: the node with the highest score for
     * the key, so a new node takes only the keys it now wins. */
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < klen; i++)
        h = (h ^ (uint8_t)key[i]) * UINT64_C(1099511628211);
    int best = 0;
    uint64_t top = 0;
    for (int i = 0; i < c->nshards; i++) {
        uint64_t s = mix64(h ^ mix64((uint64_t)i + 1));
        if (i == 0 || s > top) {
            top = s;
            best = i;
        }
    }
    return best;
}

/* --- strings ------------------------------------------------------------- */

static sim_status check_key(const elasticache_cluster *c, const char *key, size_t klen,
                            sim_error *err)
{
    /* Redis keys are binary strings, the empty one included. */
    if (!key || (klen == 0 && c->engine == ELASTICACHE_MEMCACHED))
        return sim_fail(err, SIM_ENGINE_ERROR,
                        c->engine == ELASTICACHE_REDIS ? "ERR wrong number of arguments" : "ERROR");
    if (c->engine == ELASTICACHE_MEMCACHED) {
        if (klen > default_limits.memcached_key_max)
            return sim_fail(err, SIM_ENGINE_ERROR,
                            "CLIENT_ERROR bad command line format (keys are at most %u bytes)",
                            default_limits.memcached_key_max);
        for (size_t i = 0; i < klen; i++)
            if ((uint8_t)key[i] <= ' ' || (uint8_t)key[i] == 127)
                return sim_fail(err, SIM_ENGINE_ERROR,
                                "CLIENT_ERROR bad command line format (no spaces or control "
                                "characters in keys)");
    }
    return SIM_OK;
}

/* A command is charged in two parts, each before its work: the key's
 * bytes (and the value's, when copied) before the key is checked and
 * hashed, then its searches once the shard is known. */
static bool charge_bytes(const elasticache_cluster *c, size_t klen, size_t vlen)
{
    return ec_charge(c, klen / EC_KEY_BYTES_PER_UNIT + vlen / EC_VALUE_BYTES_PER_UNIT);
}

static bool charge_searches(const elasticache_cluster *c, uint64_t searches, uint64_t more)
{
    return ec_charge(c, searches * ec_search_cost(c) + more);
}

sim_status elasticache_set(elasticache_cluster *c, const char *key, size_t klen, const void *value,
                           size_t vlen, int64_t ttl_ms, sim_error *err)
{
    if (!charge_bytes(c, klen, value ? vlen : 0)) return ec_spent(err, "running SET");
    sim_status st = check_key(c, key, klen, err);
    if (st != SIM_OK) return st;
    if (ttl_ms < 0 || ttl_ms > default_limits.ttl_max_ms ||
        ttl_ms > INT64_MAX - sim_clock_now(c->clock))
        return sim_fail(err, SIM_ENGINE_ERROR, "ERR invalid expire time in 'set' command");
    ec_shard *sh = &c->shards[ec_shard_of(c, key, klen)];
    if (!charge_searches(c, 1, 0)) return ec_spent(err, "running SET");
    uint64_t need = klen + vlen + ELASTICACHE_ITEM_OVERHEAD;
    if (c->engine == ELASTICACHE_MEMCACHED && need > default_limits.memcached_item_max)
        return sim_fail(err, SIM_ENGINE_ERROR, "SERVER_ERROR object too large for cache");
    if (c->engine == ELASTICACHE_REDIS && vlen > default_limits.redis_value_max)
        return sim_fail(err, SIM_ENGINE_ERROR,
                        "ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    /* SET replaces whatever the key held; a SET refused for memory leaves
     * it as it was. Redis checks before the command: over maxmemory, it
     * evicts until under, or refuses; the write may then take it over by
     * its own size (the next write evicts). Memcached makes room for the
     * whole item. */
    ec_item *old = ec_lookup(c, sh, key, klen);
    if (c->engine == ELASTICACHE_REDIS) {
        st = ec_make_room(c, sh, 0, NULL, err);
    } else {
        uint64_t freed = old ? old->bytes : 0;
        st = need > c->memory ? ec_oom(c, sh, err)
                              : ec_make_room(c, sh, need > freed ? need - freed : 0, old, err);
    }
    if (st != SIM_OK) return st;
    old = ec_lookup(c, sh, key, klen); /* eviction may have taken it */
    if (!old && c->items >= c->items_cap) return ec_too_many(c, err);
    if (!charge_searches(c, 1, EC_COST_WRITE)) return ec_spent(err, "running SET");
    /* Everything the new item needs is allocated before the old one goes,
     * so that a refusal of memory leaves the key as it was. */
    if (c->kept - (old ? ec_kept_bytes(old) : 0) + vlen > c->kept_cap) value = NULL; /* size only */
    uint8_t *copy = NULL;
    if (value && vlen) {
        copy = sim_malloc(c->budget, vlen);
        if (!copy) return ec_no_memory(c, err);
        memcpy(copy, value, vlen);
    }
    ec_item *it = ec_item_new(c, key, klen);
    if (!it || !ec_reserve(c, sh, old, ttl_ms != 0)) {
        ec_item_free(c, it);
        sim_free(c->budget, copy);
        return ec_no_memory(c, err);
    }
    if (old) ec_remove(c, sh, old);
    if (!ec_link(c, sh, it)) {
        ec_item_free(c, it);
        sim_free(c->budget, copy);
        return ec_no_memory(c, err);
    }
    it->value = copy;
    it->vlen = vlen;
    if (copy) c->kept += vlen;
    it->bytes += vlen;
    sh->used += vlen;
    sh->st.bytes = sh->used;
    it->freq = 1;
    if (ttl_ms) (void)ec_set_expiry(c, sh, it, sim_clock_now(c->clock) + ttl_ms); /* reserved */
    sh->st.sets++;
    return SIM_OK;
}

sim_status elasticache_get(elasticache_cluster *c, const char *key, size_t klen,
                           elasticache_get_result *out, sim_error *err)
{
    memset(out, 0, sizeof *out);
    if (!charge_bytes(c, klen, 0)) return ec_spent(err, "running GET");
    sim_status st = check_key(c, key, klen, err);
    if (st != SIM_OK) return st;
    out->shard = ec_shard_of(c, key, klen);
    ec_shard *sh = &c->shards[out->shard];
    if (!charge_searches(c, 1, 0)) return ec_spent(err, "running GET");
    /* Reads go round the primary and its replicas. */
    out->node = (int)(sh->next_reader++ % (unsigned)(c->replicas + 1));
    sh->st.gets++;
    if (out->node) sh->st.replica_reads++;
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (it && it->zset) {
        sh->st.misses++; /* not counted as a hit: the reply is an error */
        return sim_fail(err, SIM_ENGINE_ERROR,
                        "WRONGTYPE Operation against a key holding the wrong kind of value");
    }
    if (!it) {
        sh->st.misses++;
        return SIM_OK;
    }
    sh->st.hits++;
    ec_touch(c, sh, it);
    out->hit = true;
    out->value = it->value;
    out->len = it->vlen;
    return SIM_OK;
}

bool elasticache_delete(elasticache_cluster *c, const char *key, size_t klen)
{
    /* A few searches' work: it answers even when the budget is spent. */
    (void)charge_bytes(c, klen, 0);
    if (check_key(c, key, klen, NULL) != SIM_OK) return false;
    ec_shard *sh = &c->shards[ec_shard_of(c, key, klen)];
    (void)charge_searches(c, 2, 0);
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (!it) return false;
    ec_remove(c, sh, it);
    return true;
}

int64_t elasticache_ttl(elasticache_cluster *c, const char *key, size_t klen)
{
    (void)charge_bytes(c, klen, 0); /* as for DEL: it answers even when spent */
    if (check_key(c, key, klen, NULL) != SIM_OK) return -2;
    ec_shard *sh = &c->shards[ec_shard_of(c, key, klen)];
    (void)charge_searches(c, 1, 0);
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (!it) return -2;
    if (!it->expire_at) return -1;
    return it->expire_at - sim_clock_now(c->clock);
}

/* --- operations ---------------------------------------------------------- */

static sim_status check_shard(const elasticache_cluster *c, int shard, sim_error *err)
{
    if (shard < 0 || shard >= c->nshards)
        return sim_fail(err, SIM_RESOURCE_NOT_FOUND,
                        c->engine == ELASTICACHE_REDIS
                            ? "Shard %d not found: the cluster has %d (numbered from 0)."
                            : "Node %d not found: the cluster has %d (numbered from 0).",
                        shard, c->nshards);
    return SIM_OK;
}

/* The shard's data is gone: charged first, then dropped. */
static sim_status lose(elasticache_cluster *c, ec_shard *sh, elasticache_event *ev, sim_error *err)
{
    if (!sim_budget_charge_n(c->budget, sh->nall, ec_search_cost(c)))
        return ec_spent(err, "dropping the node's items");
    ev->items_lost = ec_flush(c, sh);
    ev->data_kept = false;
    sh->st.data_losses++;
    return SIM_OK;
}

sim_status elasticache_reboot(elasticache_cluster *c, int shard, elasticache_event *out,
                              sim_error *err)
{
    elasticache_event ev = {.data_kept = true};
    sim_status st = check_shard(c, shard, err);
    if (st != SIM_OK) return st;
    ec_shard *sh = &c->shards[shard];
    /* Memcached keeps nothing on disk; Redis reloads its data. */
    if (c->engine == ELASTICACHE_MEMCACHED && (st = lose(c, sh, &ev, err)) != SIM_OK) return st;
    sh->st.reboots++;
    if (out) *out = ev;
    return SIM_OK;
}

sim_status elasticache_fail_primary(elasticache_cluster *c, int shard, elasticache_event *out,
                                    sim_error *err)
{
    elasticache_event ev = {.data_kept = true};
    sim_status st = check_shard(c, shard, err);
    if (st != SIM_OK) return st;
    ec_shard *sh = &c->shards[shard];
    if (c->engine == ELASTICACHE_REDIS && c->multi_az && c->replicas > 0) {
        /* A replica becomes the primary; ElastiCache replaces the lost node
         * as a new replica. */
        ev.failed_over = true;
        sh->st.failovers++;
    } else {
        /* The node is replaced empty, and replicas resynchronise from it. */
        if ((st = lose(c, sh, &ev, err)) != SIM_OK) return st;
    }
    if (out) *out = ev;
    return SIM_OK;
}

sim_status elasticache_set_nodes(elasticache_cluster *c, int nodes, sim_error *err)
{
    if (c->engine != ELASTICACHE_MEMCACHED)
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                        "Only Memcached clusters add or remove nodes this way; a Redis cluster "
                        "reshards its hash slots.");
    if (nodes < 1 || nodes > default_limits.memcached_nodes_max)
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                        "NumCacheNodes: for clusters running Memcached, this value must be "
                        "between 1 and %d (not %d).",
                        default_limits.memcached_nodes_max, nodes);
    uint64_t dropped = 0;
    for (int i = nodes; i < c->nshards; i++)
        dropped += c->shards[i].nall;
    if (!sim_budget_charge_n(c->budget, dropped, ec_search_cost(c)))
        return ec_spent(err, "dropping the removed nodes' items");
    for (int i = nodes; i < c->nshards; i++) {
        /* The node goes with its items; the cluster's totals keep what it
         * counted, and a loss when it held anything. */
        ec_shard *sh = &c->shards[i];
        if (ec_flush(c, sh)) sh->st.data_losses++;
        elasticache_stats *r = &c->retired;
        const elasticache_stats *s = &sh->st;
        r->gets += s->gets, r->hits += s->hits, r->misses += s->misses, r->sets += s->sets;
        r->evictions += s->evictions, r->expirations += s->expirations;
        r->oom_errors += s->oom_errors, r->replica_reads += s->replica_reads;
        r->reboots += s->reboots, r->failovers += s->failovers, r->data_losses += s->data_losses;
        elasticache_stats fresh = {.memory = c->memory};
        sh->st = fresh;
    }
    c->nshards = nodes;
    return SIM_OK;
}

/* --- stats --------------------------------------------------------------- */

bool elasticache_stats_get(const elasticache_cluster *c, int shard, elasticache_stats *out)
{
    memset(out, 0, sizeof *out);
    if (shard >= c->nshards) return false;
    if (shard >= 0) {
        *out = c->shards[shard].st;
        return true;
    }
    if (shard != -1) return false;
    *out = c->retired;
    for (int i = 0; i < c->nshards; i++) {
        const elasticache_stats *s = &c->shards[i].st;
        out->items += s->items;
        out->bytes += s->bytes;
        out->memory += s->memory;
        out->gets += s->gets;
        out->hits += s->hits;
        out->misses += s->misses;
        out->sets += s->sets;
        out->evictions += s->evictions;
        out->expirations += s->expirations;
        out->oom_errors += s->oom_errors;
        out->replica_reads += s->replica_reads;
        out->reboots += s->reboots;
        out->failovers += s->failovers;
        out->data_losses += s->data_losses;
    }
    return true;
}
