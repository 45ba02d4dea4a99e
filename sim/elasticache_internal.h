#ifndef SIM_ELASTICACHE_INTERNAL_H
#define SIM_ELASTICACHE_INTERNAL_H

/* The cluster's insides, shared by elasticache.c (the cluster, keys,
 * operations, stats), elasticache_store.c (items, memory, eviction) and
 * elasticache_zset.c (sorted sets). Nothing else includes this header. */

#include "sim/budget.h"
#include "sim/elasticache.h"
#include "sim/elasticache_cost.h"

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
    sim_budget *budget;           /* borrowed; NULL: unlimited */
};

/* Bytes a sorted-set member takes besides its name (its score and links). */
#define EC_ZMEMBER_OVERHEAD 16

/* Charges units to the cluster's budget; false once it is spent. */
bool ec_charge(const elasticache_cluster *c, uint64_t units);
/* Which shard holds key, uncharged (the commands pay for their keys). */
int ec_shard_of(const elasticache_cluster *c, const char *key, size_t klen);
/* What one search of a shard's tree is charged (elasticache_cost.h). */
uint64_t ec_search_cost(const elasticache_cluster *c);
/* The refusal when the budget ran out doing `what` ("running the
 * workload"), worded as sim/budget_fail.h words it. */
sim_status ec_spent(sim_error *err, const char *what);
/* The refusal when the budget's memory cap (or the machine) refused an
 * allocation. */
sim_status ec_no_memory(const elasticache_cluster *c, sim_error *err);

/* --- elasticache_store.c ------------------------------------------------- */

/* The live item of key in sh, or NULL; an expired one is removed on sight
 * and counted. */
ec_item *ec_lookup(elasticache_cluster *c, ec_shard *sh, const char *key, size_t klen);
/* Marks a read or write of it: recency, frequency. */
void ec_touch(elasticache_cluster *c, ec_shard *sh, ec_item *it);
/* Frees items (evicting by the engine's rule) until `need` more bytes fit
 * in the node; `keep` is never chosen. Each eviction is charged first.
 * Returns SIM_OK, the engine's OOM reply (ec_oom) when nothing may go, or
 * SIM_BUDGET_EXCEEDED (what was evicted stays evicted). */
sim_status ec_make_room(elasticache_cluster *c, ec_shard *sh, uint64_t need, const ec_item *keep,
                        sim_error *err);
/* A new item of key, not yet in any shard: NULL when out of memory. */
ec_item *ec_item_new(elasticache_cluster *c, const char *key, size_t klen);
void ec_item_free(elasticache_cluster *c, ec_item *it);
/* Makes sure that inserting one item into sh (with an expiry when
 * `volatile_too`), after removing `replacing` (or NULL), will allocate
 * nothing but the tree's node, and takes that node's bytes from the
 * budget: false, with nothing taken, when the memory is not there. Each
 * successful reserve is used by one ec_link or handed back with
 * ec_unreserve. */
bool ec_reserve(elasticache_cluster *c, ec_shard *sh, const ec_item *replacing, bool volatile_too);
void ec_unreserve(elasticache_cluster *c);
/* Puts a reserved new item into sh (the caller has made room); false only
 * when the C library cannot allocate the tree's node (the item is then
 * the caller's again, and the reserve handed back). */
bool ec_link(elasticache_cluster *c, ec_shard *sh, ec_item *it);
/* Sets or clears an expiry; setting one on an item without a place in
 * vol[] allocates (false when out of memory: the item keeps no expiry). */
bool ec_set_expiry(elasticache_cluster *c, ec_shard *sh, ec_item *it, int64_t expire_at);
void ec_remove(elasticache_cluster *c, ec_shard *sh, ec_item *it);
/* Value and member bytes the host keeps for an item. */
uint64_t ec_kept_bytes(const ec_item *it);
/* Drops every item of the shard; returns how many there were. */
uint64_t ec_flush(elasticache_cluster *c, ec_shard *sh);

/* The engine's reply when a write does not fit. */
sim_status ec_oom(elasticache_cluster *c, ec_shard *sh, sim_error *err);
/* The refusal of a new item past the host's items_max. */
sim_status ec_too_many(const elasticache_cluster *c, sim_error *err);

#endif
