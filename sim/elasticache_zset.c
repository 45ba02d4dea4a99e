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
    if (c->engine == ELASTICACHE_MEMCACHED) return no_zset_in_memcached(err);
    if (!key || !klen || !member)
        return sim_fail(err, SIM_ENGINE_ERROR, "ERR wrong number of arguments for 'zadd' command");
    if (isnan(score)) return sim_fail(err, SIM_ENGINE_ERROR, "ERR value is not a valid float");
    ec_shard *sh = &c->shards[elasticache_shard_for_key(c, key, klen)];
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (it && !it->zset) return wrong_type(err);
    if (it) {
        for (size_t i = 0; i < it->nz; i++) {
            if (it->z[i].len == mlen && memcmp(it->z[i].member, member, mlen) == 0) {
                it->z[i].score = score;
                ec_touch(c, sh, it);
                return SIM_OK;
            }
        }
    }
    /* As for SET: over maxmemory, evict until under or refuse. */
    if (!ec_make_room(c, sh, 0, it)) return ec_oom(c, sh, err);
    if (!it && c->items >= c->items_cap) return ec_too_many(c, err);
    if (!it) {
        it = ec_insert(c, sh, key, klen);
        if (!it) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
        it->zset = true;
    }
    if (it->nz == it->zcap) {
        size_t cap = it->zcap ? it->zcap * 2 : 8;
        ec_zmember *z = realloc(it->z, cap * sizeof *z);
        if (!z) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
        it->z = z;
        it->zcap = cap;
    }
    char *copy = malloc(mlen ? mlen : 1);
    if (!copy) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
    memcpy(copy, member, mlen);
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
    if (c->engine == ELASTICACHE_MEMCACHED) return no_zset_in_memcached(err);
    if (!key || !klen)
        return sim_fail(err, SIM_ENGINE_ERROR,
                        "ERR wrong number of arguments for 'zrevrange' command");
    ec_shard *sh = &c->shards[elasticache_shard_for_key(c, key, klen)];
    ec_item *it = ec_lookup(c, sh, key, klen);
    if (!it) return SIM_OK;
    if (!it->zset) return wrong_type(err);
    const ec_zmember **order = malloc((it->nz ? it->nz : 1) * sizeof *order);
    if (!order) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < it->nz; i++)
        order[i] = &it->z[i];
    qsort(order, it->nz, sizeof *order, zrev_cmp);
    size_t k = it->nz < n ? it->nz : n;
    for (size_t i = 0; i < k; i++)
        out[i] = (elasticache_zentry){order[i]->member, order[i]->len, order[i]->score};
    free(order);
    *count = k;
    sh->st.gets++;
    sh->st.hits++;
    ec_touch(c, sh, it);
    return SIM_OK;
}
