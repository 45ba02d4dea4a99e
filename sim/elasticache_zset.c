/* Redis sorted sets, the course's leaderboard: ZADD and ZREVRANGE. The
 * members of a set are kept unsorted and sorted when read; the sets a
 * scenario builds are small. Memcached stores only strings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/elasticache_internal.h"

static sim_status no_zset_in_memcached(sim_error *err)
{
    /* Memcached answers a command it does not know with "ERROR". */
    return sim_fail(err, SIM_ENGINE_ERROR,
                    "ERROR (Memcached stores strings only: no sorted sets, use Redis)");
}

static sim_status wrong_type(sim_error *err)
{
    return sim_fail(err, SIM_ENGINE_ERROR,
                    "WRONGTYPE Operation against a key holding the wrong kind of value");
}

sim_status elasticache_zadd(elasticache_cluster *c, const char *key, size_t klen,
                            const char *member, size_t mlen, double score, bool *added,
                            sim_error *err)
{
    if (added) *added = false;
    if (!ec_charge(c, (klen + mlen) / EC_KEY_BYTES_PER_UNIT)) return ec_spent(err, "running ZADD");
    if (c->engine == ELASTICACHE_MEMCACHED) return no_zset_in_memcached(err);
    if (!key || !klen || !member)
        return sim_fail(err, SIM_ENGINE_ERROR, "ERR wrong number of arguments for 'zadd' command");
    if (isnan(score)) return sim_fail(err, SIM_ENGINE_ERROR, "ERR value is not a valid float");
    ec_shard *sh = &c->shards[ec_shard_of(c, key, klen)];
    if (!ec_charge(c, ec_search_cost(c))) return ec_spent(err, "running ZADD");
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (it && !it->zset) return wrong_type(err);
    if (it) {
        if (!ec_charge(c, it->nz / EC_ZMEMBERS_PER_UNIT)) return ec_spent(err, "running ZADD");
        for (size_t i = 0; i < it->nz; i++) {
            if (it->z[i].len == mlen && memcmp(it->z[i].member, member, mlen) == 0) {
                it->z[i].score = score;
                ec_touch(c, sh, it);
                return SIM_OK;
            }
        }
    }
    /* As for SET: over maxmemory, evict until under or refuse. */
    sim_status st = ec_make_room(c, sh, 0, it, err);
    if (st != SIM_OK) return st;
    if (!it && c->items >= c->items_cap) return ec_too_many(c, err);
    if (!ec_charge(c, EC_COST_WRITE + (it ? 0 : ec_search_cost(c))))
        return ec_spent(err, "running ZADD");
    /* The member, a new key's item and room for the member are allocated
     * before anything changes, so that a refusal leaves the set as it was
     * (and no empty set behind). */
    char *copy = sim_malloc(c->budget, mlen ? mlen : 1);
    if (!copy) return ec_no_memory(c, err);
    memcpy(copy, member, mlen);
    ec_item *fresh = NULL;
    if (!it) {
        fresh = ec_item_new(c, key, klen);
        if (!fresh || !ec_reserve(c, sh, NULL, false)) {
            ec_item_free(c, fresh);
            sim_free(c->budget, copy);
            return ec_no_memory(c, err);
        }
        fresh->zset = true;
    }
    ec_item *target = fresh ? fresh : it;
    if (target->nz == target->zcap) {
        size_t cap = target->zcap ? target->zcap * 2 : 8;
        ec_zmember *z = sim_reallocarray(c->budget, target->z, cap, sizeof *z);
        if (z) {
            target->z = z;
            target->zcap = cap;
        }
    }
    if (target->nz == target->zcap || (fresh && !ec_link(c, sh, fresh))) {
        if (fresh && target->nz == target->zcap) ec_unreserve(c);
        ec_item_free(c, fresh);
        sim_free(c->budget, copy);
        return ec_no_memory(c, err);
    }
    it = target;
    it->z[it->nz++] = (ec_zmember){copy, mlen, score};
    c->kept += mlen;
    it->bytes += mlen + EC_ZMEMBER_OVERHEAD;
    sh->used += mlen + EC_ZMEMBER_OVERHEAD;
    sh->st.bytes = sh->used;
    sh->st.sets++;
    ec_touch(c, sh, it);
    if (added) *added = true;
    return SIM_OK;
}

/* Highest score first; equal scores in reverse member order, as ZREVRANGE
 * gives them. */
static int zrev_cmp(const void *a, const void *b)
{
    const ec_zmember *x = *(const ec_zmember *const *)a, *y = *(const ec_zmember *const *)b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = n ? memcmp(x->member, y->member, n) : 0;
    if (!r) r = (x->len > y->len) - (x->len < y->len);
    return -r;
}

sim_status elasticache_ztop(elasticache_cluster *c, const char *key, size_t klen,
                            elasticache_zentry *out, size_t n, size_t *count, sim_error *err)
{
    *count = 0;
    if (!ec_charge(c, klen / EC_KEY_BYTES_PER_UNIT)) return ec_spent(err, "running ZREVRANGE");
    if (c->engine == ELASTICACHE_MEMCACHED) return no_zset_in_memcached(err);
    if (!key || !klen)
        return sim_fail(err, SIM_ENGINE_ERROR,
                        "ERR wrong number of arguments for 'zrevrange' command");
    ec_shard *sh = &c->shards[ec_shard_of(c, key, klen)];
    if (!ec_charge(c, ec_search_cost(c))) return ec_spent(err, "running ZREVRANGE");
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (!it) return SIM_OK;
    if (!it->zset) return wrong_type(err);
    /* The sort: about n log2 n comparisons. */
    uint64_t log2n = 1;
    while (log2n < 64 && ((uint64_t)1 << log2n) < it->nz)
        log2n++;
    if (!ec_charge(c, it->nz * log2n / EC_ZCOMPARES_PER_UNIT))
        return ec_spent(err, "running ZREVRANGE");
    const ec_zmember **order =
        sim_reallocarray(c->budget, NULL, it->nz ? it->nz : 1, sizeof *order);
    if (!order) return ec_no_memory(c, err);
    for (size_t i = 0; i < it->nz; i++)
        order[i] = &it->z[i];
    qsort(order, it->nz, sizeof *order, zrev_cmp);
    size_t k = it->nz < n ? it->nz : n;
    for (size_t i = 0; i < k; i++)
        out[i] = (elasticache_zentry){order[i]->member, order[i]->len, order[i]->score};
    sim_free(c->budget, order);
    *count = k;
    sh->st.gets++;
    sh->st.hits++;
    ec_touch(c, sh, it);
    return SIM_OK;
}
