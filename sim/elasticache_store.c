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

static void free_item(ec_item *it)
{
    for (size_t i = 0; i < it->nz; i++)
        free(it->z[i].member);
    free(it->z);
    free(it->value);
    free(it->key);
    free(it);
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

static bool push(ec_item ***arr, size_t *n, size_t *cap, ec_item *it, size_t *pos)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        ec_item **g = realloc(*arr, nc * sizeof *g);
        if (!g) return false;
        *arr = g;
        *cap = nc;
    }
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

/* Value and member bytes the host keeps for an item. */
static uint64_t kept_bytes(const ec_item *it)
{
    uint64_t n = it->value ? it->vlen : 0;
    for (size_t i = 0; i < it->nz; i++)
        n += it->z[i].len;
    return n;
}

void ec_remove(elasticache_cluster *c, ec_shard *sh, ec_item *it)
{
    c->items--;
    c->kept -= kept_bytes(it);
    tdelete(it, &sh->index, item_cmp);
    pop_at(sh->all, &sh->nall, it->slot, false);
    if (it->vslot != SIZE_MAX) pop_at(sh->vol, &sh->nvol, it->vslot, true);
    unlink_recency(sh, it);
    sh->used -= it->bytes;
    sh->st.items--;
    sh->st.bytes = sh->used;
    free_item(it);
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

void ec_set_expiry(ec_shard *sh, ec_item *it, int64_t expire_at)
{
    if (expire_at && it->vslot == SIZE_MAX) {
        if (!push(&sh->vol, &sh->nvol, &sh->capvol, it, &it->vslot)) return;
    } else if (!expire_at && it->vslot != SIZE_MAX) {
        pop_at(sh->vol, &sh->nvol, it->vslot, true);
        it->vslot = SIZE_MAX;
    }
    it->expire_at = expire_at;
}

ec_item *ec_insert(elasticache_cluster *c, ec_shard *sh, const char *key, size_t klen)
{
    ec_item *it = calloc(1, sizeof *it);
    if (!it) return NULL;
    it->key = malloc(klen ? klen : 1);
    if (!it->key || !push(&sh->all, &sh->nall, &sh->capall, it, &it->slot)) {
        free(it->key);
        free(it);
        return NULL;
    }
    memcpy(it->key, key, klen);
    it->klen = klen;
    it->vslot = SIZE_MAX;
    if (!tsearch(it, &sh->index, item_cmp)) {
        sh->nall--;
        free(it->key);
        free(it);
        return NULL;
    }
    link_newest(sh, it);
    c->items++;
    it->last_access = ++c->tick;
    it->bytes = klen + ELASTICACHE_ITEM_OVERHEAD;
    sh->used += it->bytes;
    sh->st.items++;
    sh->st.bytes = sh->used;
    return it;
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

bool ec_make_room(elasticache_cluster *c, ec_shard *sh, uint64_t need, const ec_item *keep)
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
        if (!victim) return false;
        ec_remove(c, sh, victim);
        if (was_expired)
            sh->st.expirations++;
        else
            sh->st.evictions++;
    }
    return true;
}

sim_status ec_oom(elasticache_cluster *c, ec_shard *sh, sim_error *err)
{
    sh->st.oom_errors++;
    if (c->engine == ELASTICACHE_MEMCACHED)
        return sim_fail(err, SIM_ENGINE_ERROR, "SERVER_ERROR out of memory storing object");
    return sim_fail(err, SIM_ENGINE_ERROR,
                    "OOM command not allowed when used memory > 'maxmemory'.");
}

sim_status ec_too_many(const elasticache_cluster *c, sim_error *err)
{
    return sim_fail(err, SIM_LIMIT_EXCEEDED,
                    "The simulator holds at most %llu items per cluster (a limit of this "
                    "machine, not of ElastiCache).",
                    (unsigned long long)c->items_cap);
}
