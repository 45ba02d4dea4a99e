#ifndef SIM_ELASTICACHE_INTERNAL_H
#define SIM_ELASTICACHE_INTERNAL_H

/* The cluster's insides, shared by elasticache.c (the cluster, keys,
 * operations, stats), elasticache_store.c (items, memory, eviction) and
 * elasticache_zset.c (sorted sets). Nothing else includes this header. */

#include "sim/elasticache.h"

typedef struct ec_zmember {
    char *member;
    size_t len;
    double score;
} ec_zmember;

/* One key. Items sit in the shard's search tree (by key), in its dense
 * arrays (all items; items with an expiry), which eviction samples from as
 * Redis does, and in its recency list, which Memcached evicts from. */
typedef struct ec_item {
    char *key;
    size_t klen;
    uint8_t *value; /* NULL: a sized item, or a sorted set */
    size_t vlen;
    bool zset;
    ec_zmember *z;
    size_t nz, zcap;
    int64_t expire_at;    /* sim ms; 0: no expiry */
    uint64_t last_access; /* the cluster's access counter */
    uint64_t freq;        /* reads and writes (an exact count, not Redis's log counter) */
    uint64_t bytes;       /* what it counts against maxmemory */
    size_t slot, vslot;   /* places in all[] and vol[] (vslot SIZE_MAX: none) */
    struct ec_item *newer, *older;
} ec_item;

typedef struct ec_shard {
    void *index; /* tsearch(3) tree of ec_item* by key */
    ec_item **all, **vol;
    size_t nall, capall, nvol, capvol;
    ec_item *newest, *oldest;
    uint64_t used;
    unsigned next_reader;
    elasticache_stats st;
} ec_shard;

struct elasticache_cluster {
    char name[41];
    elasticache_engine engine;
    elasticache_policy policy;
    uint64_t memory;
    int nshards, replicas;
    bool multi_az;
    ec_shard *shards;
    sim_clock *clock;
    sim_rng *rng;
    uint64_t tick;
    uint64_t items, kept;         /* items held, value bytes kept */
    uint64_t items_cap, kept_cap; /* the host limits */
    elasticache_stats retired;    /* what nodes removed by scaling in had counted */
};

/* Bytes a sorted-set member takes besides its name (its score and links). */
#define EC_ZMEMBER_OVERHEAD 16

/* --- elasticache_store.c ------------------------------------------------- */

/* The live item of key in sh, or NULL; an expired one is removed on sight
 * and counted. */
ec_item *ec_lookup(elasticache_cluster *c, ec_shard *sh, const char *key, size_t klen);
/* Marks a read or write of it: recency, frequency. */
void ec_touch(elasticache_cluster *c, ec_shard *sh, ec_item *it);
/* Frees items (evicting by the engine's rule) until `need` more bytes fit
 * in the node; `keep` is never chosen. False when nothing may go. */
bool ec_make_room(elasticache_cluster *c, ec_shard *sh, uint64_t need, const ec_item *keep);
/* A new empty item of key in sh (the caller has made room). */
ec_item *ec_insert(elasticache_cluster *c, ec_shard *sh, const char *key, size_t klen);
void ec_set_expiry(ec_shard *sh, ec_item *it, int64_t expire_at);
void ec_remove(elasticache_cluster *c, ec_shard *sh, ec_item *it);
/* Drops every item of the shard; returns how many there were. */
uint64_t ec_flush(elasticache_cluster *c, ec_shard *sh);

/* The engine's reply when a write does not fit. */
sim_status ec_oom(elasticache_cluster *c, ec_shard *sh, sim_error *err);
/* The refusal of a new item past the host's items_max. */
sim_status ec_too_many(const elasticache_cluster *c, sim_error *err);

#endif
