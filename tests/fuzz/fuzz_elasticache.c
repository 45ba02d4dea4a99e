/* Fuzz target for the ElastiCache simulator: the input is a cluster's
 * configuration followed by a program of commands (SET, GET, DEL, PTTL,
 * ZADD, ZREVRANGE, reboot, failure, scaling, clock steps, a small
 * workload). Nothing may crash or leak, and after every command the
 * cluster's books must balance:
 *  - gets = hits + misses, per shard and in total;
 *  - the total is the sum of the shards;
 *  - a Memcached node never holds more than its memory, and a Redis node
 *    is over its maxmemory by at most the last item let into it;
 *  - an item just SET (and not refused) is there to GET. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/elasticache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static unsigned take(input *in)
{
    if (!in->n) return 0;
    in->n--;
    return *in->p++;
}

/* over[i]: how far shard i may be over its maxmemory - the size of the
 * last item let into it (a write is let in only while the shard is within
 * its maxmemory, so only that item can have taken it over). */
static void check_books(const elasticache_cluster *c, const uint64_t *over)
{
    elasticache_stats total, sum = {0};
    if (!elasticache_stats_get(c, -1, &total)) abort();
    for (int i = 0; i < elasticache_shard_count(c); i++) {
        elasticache_stats s;
        if (!elasticache_stats_get(c, i, &s)) abort();
        if (s.gets != s.hits + s.misses) abort();
        if (elasticache_engine_of(c) == ELASTICACHE_MEMCACHED && s.bytes > s.memory) abort();
        if (elasticache_engine_of(c) == ELASTICACHE_REDIS && s.bytes > s.memory + over[i]) abort();
        sum.items += s.items;
        sum.bytes += s.bytes;
    }
    if (total.gets != total.hits + total.misses) abort();
    if (sum.items != total.items || sum.bytes != total.bytes) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    unsigned head = take(&in);
    elasticache_config cfg = {.name = "fuzz"};
    cfg.engine = head & 1 ? ELASTICACHE_MEMCACHED : ELASTICACHE_REDIS;
    cfg.node_memory = (uint64_t)(1 + (head >> 1) % 4) << 20; /* 1 to 4 MiB */
    cfg.shards = 1 + (int)(take(&in) % 4);
    if (cfg.engine == ELASTICACHE_REDIS) {
        if (cfg.shards > 1) cfg.shards++; /* 1, or 3 to 5 */
        cfg.replicas = (int)(take(&in) % 3);
        cfg.multi_az = cfg.replicas && (take(&in) & 1);
        cfg.policy = (elasticache_policy)(take(&in) % ELASTICACHE_POLICY_COUNT);
    }
    cfg.items_cap = 5000;
    cfg.kept_cap = 1 << 16;
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(head);
    elasticache_cluster *c = elasticache_new(&cfg, clock, rng, NULL);
    if (!c) abort(); /* every configuration above is valid */
    uint64_t over[40] = {0};
    static uint8_t value[1 << 17];
    while (in.n) {
        unsigned op = take(&in) % 12;
        char key[8];
        int klen = snprintf(key, sizeof key, "k%u", take(&in) % 64);
        uint64_t vlen = (uint64_t)take(&in) << (take(&in) % 12);
        int64_t ttl = (int64_t)(take(&in) % 4) * 1000;
        switch (op) {
        case 0:
        case 1: {
            bool keep = vlen <= sizeof value && (op & 1);
            sim_status st =
                elasticache_set(c, key, (size_t)klen, keep ? value : NULL, (size_t)vlen, ttl, NULL);
            if (st == SIM_OK) {
                over[elasticache_shard_for_key(c, key, (size_t)klen)] =
                    vlen + (uint64_t)klen + ELASTICACHE_ITEM_OVERHEAD;
                elasticache_get_result g;
                if (elasticache_get(c, key, (size_t)klen, &g, NULL) != SIM_OK || !g.hit ||
                    g.len != vlen)
                    abort();
            }
            break;
        }
        case 2: {
            elasticache_get_result g;
            elasticache_get(c, key, (size_t)klen, &g, NULL);
            break;
        }
        case 3:
            elasticache_delete(c, key, (size_t)klen);
            break;
        case 4:
            elasticache_ttl(c, key, (size_t)klen);
            break;
        case 5: {
            bool added = false;
            if (elasticache_zadd(c, key, (size_t)klen, key + 1, (size_t)klen - 1,
                                 (double)(vlen % 100), &added, NULL) == SIM_OK &&
                added)
                over[elasticache_shard_for_key(c, key, (size_t)klen)] =
                    (uint64_t)klen * 2 + 16 + ELASTICACHE_ITEM_OVERHEAD;
            break;
        }
        case 6: {
            elasticache_zentry top[4];
            size_t n = 0;
            elasticache_ztop(c, key, (size_t)klen, top, 4, &n, NULL);
            if (n > 4) abort();
            break;
        }
        case 7:
            elasticache_reboot(c, (int)(vlen % 6), NULL, NULL);
            break;
        case 8:
            elasticache_fail_primary(c, (int)(vlen % 6), NULL, NULL);
            break;
        case 9:
            elasticache_set_nodes(c, 1 + (int)(vlen % 6), NULL);
            break;
        case 10:
            sim_clock_advance(clock, ttl + (int64_t)(vlen % 1000));
            break;
        default: {
            elasticache_workload w = {.keys = 1 + vlen % 500,
                                      .ops = 1 + vlen % 300,
                                      .write_share = (double)(ttl % 3) / 4,
                                      .value_bytes = 1 + (size_t)(vlen % 4096),
                                      .ttl_ms = ttl};
            elasticache_workload_result r;
            if (elasticache_run_workload(c, &w, &r, NULL) == SIM_OK) {
                if (r.hits + r.misses != r.reads || r.db_reads != r.misses) abort();
                /* Which shards it wrote to is not told: a shard's bound
                 * can only grow by its items' size. */
                uint64_t item = w.value_bytes + 16 + ELASTICACHE_ITEM_OVERHEAD;
                for (int i = 0; i < 40; i++)
                    if (over[i] < item) over[i] = item;
            }
            break;
        }
        }
        check_books(c, over);
    }
    elasticache_free(c);
    sim_rng_free(rng);
    sim_clock_free(clock);
    return 0;
}
