/* A shard's items: lookup by key (tsearch(3) from the C library: a
 * balanced tree with insert and delete, so no hand-written hash table),
 * memory accounting, lazy expiry, and eviction.
 *
 * Eviction follows each engine. Memcached takes the least recently used
 * item. Redis samples ELASTICACHE maxmemory-samples (5) keys at random
 * from the pool its policy allows (every key, or only keys with an expiry)
 * and evicts the best of them: the least recently used, the least
 * frequently used, the nearest to expiring, or the first drawn; it
 * repeats until the write fits, and gives up when the pool is empty - or
 * at once under noeviction. */
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/elasticache_internal.h"

static int item_cmp(const void *a, const void *b)
{
    const ec_item *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int r = n ? memcmp(x->key, y->key, n) : 0;
    return r ? r : (x->klen > y->klen) - (x->klen < y->klen);
}

static bool expired(const elasticache_cluster *c, const ec_item *it)
{
    return it->expire_at && sim_clock_now(c->clock) >= it->expire_at;
}

void ec_item_free(elasticache_cluster *c, ec_item *it)
{
    if (!it) return;
    for (size_t i = 0; i < it->nz; i++)
        sim_free(c->budget, it->z[i].member);
    sim_free(c->budget, it->z);
    sim_free(c->budget, it->value);
    sim_free(c->budget, it->key);
    sim_free(c->budget, it);
}

static void unlink_recency(ec_shard *sh, ec_item *it)
{
    if (it->newer)
        it->newer->older = it->older;
    else
        sh->newest = it->older;
    if (it->older)
        it->older->newer = it->newer;
    else
        sh->oldest = it->newer;
    it->newer = it->older = NULL;
}

static void link_newest(ec_shard *sh, ec_item *it)
{
    it->older = sh->newest;
    it->newer = NULL;
    if (sh->newest) sh->newest->newer = it;
    sh->newest = it;
    if (!sh->oldest) sh->oldest = it;
}

/* Makes room in arr for one more. */
static bool grow(sim_budget *b, ec_item ***arr, size_t n, size_t *cap)
{
    if (n < *cap) return true;
    size_t nc = *cap ? *cap * 2 : 64;
    ec_item **g = sim_reallocarray(b, *arr, nc, sizeof *g);
    if (!g) return false;
    *arr = g;
    *cap = nc;
    return true;
}

static bool push(sim_budget *b, ec_item ***arr, size_t *n, size_t *cap, ec_item *it, size_t *pos)
{
    if (!grow(b, arr, *n, cap)) return false;
    *pos = *n;
    (*arr)[(*n)++] = it;
    return true;
}

/* Swap-removes arr[pos]; fixes the moved item's place (all[] or vol[]). */
static void pop_at(ec_item **arr, size_t *n, size_t pos, bool vol)
{
    ec_item *last = arr[--*n];
    arr[pos] = last;
    if (vol)
        last->vslot = pos;
    else
        last->slot = pos;
}

uint64_t ec_kept_bytes(const ec_item *it)
{
    uint64_t n = it->value ? it->vlen : 0;
    for (size_t i = 0; i < it->nz; i++)
        n += it->z[i].len;
    return n;
}

void ec_remove(elasticache_cluster *c, ec_shard *sh, ec_item *it)
{
    c->items--;
    c->kept -= ec_kept_bytes(it);
    tdelete(it, &sh->index, item_cmp);
    sim_budget_give(c->budget, EC_TREE_NODE_BYTES);
    pop_at(sh->all, &sh->nall, it->slot, false);
    if (it->vslot != SIZE_MAX) pop_at(sh->vol, &sh->nvol, it->vslot, true);
    unlink_recency(sh, it);
    sh->used -= it->bytes;
    sh->st.items--;
    sh->st.bytes = sh->used;
    ec_item_free(c, it);
}

uint64_t ec_flush(elasticache_cluster *c, ec_shard *sh)
{
    uint64_t n = sh->nall;
    while (sh->nall)
        ec_remove(c, sh, sh->all[sh->nall - 1]);
    return n;
}

ec_item *ec_lookup(elasticache_cluster *c, ec_shard *sh, const char *key, size_t klen)
{
    ec_item probe = {.key = (char *)key, .klen = klen};
    ec_item **found = tfind(&probe, &sh->index, item_cmp);
    if (!found) return NULL;
    ec_item *it = *found;
    if (expired(c, it)) {
        ec_remove(c, sh, it);
        sh->st.expirations++;
        return NULL;
    }
    return it;
}

void ec_touch(elasticache_cluster *c, ec_shard *sh, ec_item *it)
{
    it->last_access = ++c->tick;
    it->freq++;
    unlink_recency(sh, it);
    link_newest(sh, it);
}

bool ec_set_expiry(elasticache_cluster *c, ec_shard *sh, ec_item *it, int64_t expire_at)
{
    if (expire_at && it->vslot == SIZE_MAX) {
        if (!push(c->budget, &sh->vol, &sh->nvol, &sh->capvol, it, &it->vslot)) return false;
    } else if (!expire_at && it->vslot != SIZE_MAX) {
        pop_at(sh->vol, &sh->nvol, it->vslot, true);
        it->vslot = SIZE_MAX;
    }
    it->expire_at = expire_at;
    return true;
}

ec_item *ec_item_new(elasticache_cluster *c, const char *key, size_t klen)
{
    ec_item *it = sim_calloc(c->budget, 1, sizeof *it);
    if (!it) return NULL;
    it->key = sim_malloc(c->budget, klen ? klen : 1);
    if (!it->key) {
        sim_free(c->budget, it);
        return NULL;
    }
    memcpy(it->key, key, klen);
    it->klen = klen;
    it->vslot = SIZE_MAX;
    return it;
}

bool ec_reserve(elasticache_cluster *c, ec_shard *sh, const ec_item *replacing, bool volatile_too)
{
    /* The item it replaces leaves its places free. */
    size_t nall = sh->nall - (replacing ? 1 : 0);
    size_t nvol = sh->nvol - (replacing && replacing->vslot != SIZE_MAX ? 1 : 0);
    if (!grow(c->budget, &sh->all, nall, &sh->capall)) return false;
    if (volatile_too && !grow(c->budget, &sh->vol, nvol, &sh->capvol)) return false;
    return sim_budget_take(c->budget, EC_TREE_NODE_BYTES);
}

void ec_unreserve(elasticache_cluster *c)
{
    sim_budget_give(c->budget, EC_TREE_NODE_BYTES);
}

bool ec_link(elasticache_cluster *c, ec_shard *sh, ec_item *it)
{
    if (!push(c->budget, &sh->all, &sh->nall, &sh->capall, it, &it->slot)) {
        ec_unreserve(c);
        return false;
    }
    if (!tsearch(it, &sh->index, item_cmp)) {
        sh->nall--;
        ec_unreserve(c);
        return false;
    }
    link_newest(sh, it);
    c->items++;
    it->last_access = ++c->tick;
    it->bytes = it->klen + ELASTICACHE_ITEM_OVERHEAD;
    sh->used += it->bytes;
    sh->st.items++;
    sh->st.bytes = sh->used;
    return true;
}

/* Redis: the best of maxmemory-samples random keys of the policy's pool;
 * an expired one found on the way goes as an expiry and counts as room. */
static ec_item *redis_victim(elasticache_cluster *c, ec_shard *sh, const ec_item *keep,
                             bool *expired_one)
{
    elasticache_policy p = c->policy;
    if (p == ELASTICACHE_NOEVICTION) return NULL;
    bool allkeys = p == ELASTICACHE_ALLKEYS_LRU || p == ELASTICACHE_ALLKEYS_LFU ||
                   p == ELASTICACHE_ALLKEYS_RANDOM;
    ec_item **pool = allkeys ? sh->all : sh->vol;
    size_t n = allkeys ? sh->nall : sh->nvol;
    if (n == 0 || (n == 1 && pool[0] == keep)) return NULL;
    ec_item *best = NULL;
    int samples = elasticache_default_limits()->eviction_samples;
    for (int s = 0; s < samples; s++) {
        ec_item *it = pool[sim_rng_range(c->rng, 0, (int64_t)n - 1)];
        if (it == keep) continue;
        if (expired(c, it)) {
            *expired_one = true;
            return it;
        }
        if (!best) {
            best = it;
            continue;
        }
        bool better = false;
        switch (p) {
        case ELASTICACHE_VOLATILE_LRU:
        case ELASTICACHE_ALLKEYS_LRU:
            better = it->last_access < best->last_access;
            break;
        case ELASTICACHE_VOLATILE_LFU:
        case ELASTICACHE_ALLKEYS_LFU:
            better = it->freq < best->freq ||
                     (it->freq == best->freq && it->last_access < best->last_access);
            break;
        case ELASTICACHE_VOLATILE_TTL:
            better = it->expire_at < best->expire_at;
            break;
        default: /* random: the first drawn */
            break;
        }
        if (better) best = it;
    }
    if (!best) /* every sample was `keep`: take any other */
        for (size_t i = 0; i < n && !best; i++)
            if (pool[i] != keep) best = pool[i];
    return best;
}

sim_status ec_make_room(elasticache_cluster *c, ec_shard *sh, uint64_t need, const ec_item *keep,
                        sim_error *err)
{
    while (sh->used + need > c->memory) {
        bool was_expired = false;
        ec_item *victim;
        if (c->engine == ELASTICACHE_MEMCACHED) {
            victim = sh->oldest;
            if (victim == keep) victim = victim ? victim->newer : NULL;
        } else {
            victim = redis_victim(c, sh, keep, &was_expired);
        }
        if (!victim) return ec_oom(c, sh, err);
        /* Charged once there is something to evict, before it goes: a
         * refusal costs no more than the command. */
        if (!ec_charge(c, EC_COST_EVICTION + ec_search_cost(c)))
            return ec_spent(err, "evicting keys");
        ec_remove(c, sh, victim);
        if (was_expired)
            sh->st.expirations++;
        else
            sh->st.evictions++;
    }
    return SIM_OK;
}

sim_status ec_oom(elasticache_cluster *c, ec_shard *sh, sim_error *err)
{
    sh->st.oom_errors++;
    if (c->engine == ELASTICACHE_MEMCACHED)
        return sim_fail(err, SIM_ENGINE_ERROR, "SERVER_ERROR out of memory storing object");
    return sim_fail(err, SIM_ENGINE_ERROR,
                    "OOM command not allowed when used memory > 'maxmemory'.");
}

sim_status ec_no_memory(const elasticache_cluster *c, sim_error *err)
{
    return sim_fail_memory(err, c->budget, "storing a key in cluster %s", c->name);
}

bool ec_charge(const elasticache_cluster *c, uint64_t units)
{
    return sim_budget_charge(c->budget, units);
}

uint64_t ec_search_cost(const elasticache_cluster *c)
{
    static const uint16_t by_bits[] = EC_COST_SEARCH_BY_BITS;
    size_t bits = 0;
    for (uint64_t n = c->items; n; n >>= 1)
        bits++;
    size_t last = sizeof by_bits / sizeof by_bits[0] - 1;
    return by_bits[bits < last ? bits : last];
}

sim_status ec_spent(sim_error *err, const char *what)
{
    return sim_fail_work(err, "%s", what);
}

sim_status ec_too_many(const elasticache_cluster *c, sim_error *err)
{
    return sim_fail(err, SIM_LIMIT_EXCEEDED,
                    "The simulator holds at most %llu items per cluster (a limit of this "
                    "machine, not of ElastiCache).",
                    (unsigned long long)c->items_cap);
}
