/* ElastiCache against aws-facts.md and the engines themselves: the hash
 * slots are what `redis-cli cluster keyslot` printed (redis-server 7.0,
 * Debian 12); the error replies are what redis-server and memcached 1.6
 * answered to the same commands. Eviction by each policy, expiry on the
 * simulated clock, reboots and failover, Memcached scaling out, sorted
 * sets, and the cache-aside workload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/elasticache.h"
#include "sim_fixture.h"

#define MiB ((uint64_t)1 << 20)

static elasticache_cluster *mk(fx *f, elasticache_engine e, uint64_t memory, int shards,
                               elasticache_policy policy)
{
    elasticache_config cfg = {
        .name = "c", .engine = e, .node_memory = memory, .shards = shards, .policy = policy};
    sim_error err = {0};
    elasticache_cluster *c = elasticache_new(&cfg, f->clock, f->rng, &err);
    if (!c) fail_msg("%s", err.message);
    return c;
}

static sim_status set_str(elasticache_cluster *c, const char *k, const char *v, int64_t ttl,
                          sim_error *err)
{
    return elasticache_set(c, k, strlen(k), v, strlen(v), ttl, err);
}

static bool has(elasticache_cluster *c, const char *k)
{
    elasticache_get_result g;
    assert_int_equal(elasticache_get(c, k, strlen(k), &g, NULL), SIM_OK);
    return g.hit;
}

static void test_hash_slots_are_redis_cluster_keyslots(void **state)
{
    (void)state;
    static const struct {
        const char *key;
        unsigned slot;
    } known[] = {{"foo", 12182},       {"bar", 5061},
                 {"hello", 866},       {"user1000", 3443},
                 {"key:0", 2592},      {"key:1", 6657},
                 {"session:42", 2126}, {"a{}b", 13694},
                 {"{}x", 10595},       {"{user1000}.following", 3443}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        assert_int_equal(elasticache_hash_slot(known[i].key, strlen(known[i].key)), known[i].slot);
}

static void test_cluster_validation(void **state)
{
    fx *f = *state;
    sim_error err = {0};
    elasticache_config cfg = {.name = "c", .engine = ELASTICACHE_REDIS, .shards = 16};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    assert_non_null(strstr(err.message, "2 to 15"));
    cfg = (elasticache_config){.name = "c", .engine = ELASTICACHE_MEMCACHED, .shards = 41};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    assert_non_null(strstr(err.message, "between 1 and 40"));
    cfg = (elasticache_config){.name = "c", .engine = ELASTICACHE_MEMCACHED, .replicas = 1};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    assert_non_null(strstr(err.message, "no replicas"));
    cfg = (elasticache_config){.name = "c", .engine = ELASTICACHE_REDIS, .multi_az = true};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    assert_non_null(strstr(err.message, "at least one read replica"));
    cfg = (elasticache_config){.name = "c", .engine = ELASTICACHE_REDIS, .replicas = 6};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    cfg = (elasticache_config){.name = "c", .engine = ELASTICACHE_REDIS, .node_memory = 1000};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    cfg = (elasticache_config){.name = "", .engine = ELASTICACHE_REDIS};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    elasticache_policy p;
    assert_true(elasticache_policy_parse("allkeys-lfu", &p));
    assert_int_equal(p, ELASTICACHE_ALLKEYS_LFU);
    assert_string_equal(elasticache_policy_name(ELASTICACHE_VOLATILE_LRU), "volatile-lru");
    assert_false(elasticache_policy_parse("lru", &p));
}

static void test_set_get_delete_and_expiry_on_the_clock(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, 8 * MiB, 1, ELASTICACHE_VOLATILE_LRU);
    assert_int_equal(set_str(c, "session:1", "alice", 30000, NULL), SIM_OK);
    assert_int_equal(set_str(c, "page:home", "<html>", 0, NULL), SIM_OK);
    elasticache_get_result g;
    assert_int_equal(elasticache_get(c, "session:1", 9, &g, NULL), SIM_OK);
    assert_true(g.hit);
    assert_int_equal(g.len, 5);
    assert_memory_equal(g.value, "alice", 5);
    assert_int_equal(elasticache_ttl(c, "session:1", 9), 30000);
    assert_int_equal(elasticache_ttl(c, "page:home", 9), -1);
    assert_int_equal(elasticache_ttl(c, "nope", 4), -2);
    sim_clock_advance(f->clock, 29999);
    assert_true(has(c, "session:1"));
    sim_clock_advance(f->clock, 1);
    assert_false(has(c, "session:1")); /* expired, removed on sight */
    assert_true(elasticache_delete(c, "page:home", 9));
    assert_false(elasticache_delete(c, "page:home", 9));
    elasticache_stats st;
    assert_true(elasticache_stats_get(c, -1, &st));
    assert_int_equal(st.items, 0);
    assert_int_equal(st.bytes, 0);
    assert_int_equal(st.expirations, 1);
    assert_int_equal(st.hits, 2);
    assert_int_equal(st.misses, 1);
    elasticache_free(c);
}

static void test_memcached_key_and_item_limits(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_MEMCACHED, 8 * MiB, 1, 0);
    sim_error err = {0};
    char key[252];
    memset(key, 'k', sizeof key);
    assert_int_equal(elasticache_set(c, key, 251, "x", 1, 0, &err), SIM_ENGINE_ERROR);
    assert_non_null(strstr(err.message, "CLIENT_ERROR bad command line format"));
    assert_int_equal(elasticache_set(c, key, 250, "x", 1, 0, &err), SIM_OK);
    assert_int_equal(set_str(c, "a key", "x", 0, &err), SIM_ENGINE_ERROR);
    assert_int_equal(elasticache_set(c, "big", 3, NULL, MiB, 0, &err), SIM_ENGINE_ERROR);
    assert_string_equal(err.message, "SERVER_ERROR object too large for cache");
    /* A Redis string may be far bigger than Memcached's item. */
    elasticache_cluster *r = mk(f, ELASTICACHE_REDIS, 8 * MiB, 1, ELASTICACHE_ALLKEYS_LRU);
    assert_int_equal(elasticache_set(r, "big", 3, NULL, 2 * MiB, 0, &err), SIM_OK);
    assert_int_equal(set_str(r, "a key", "x", 0, &err), SIM_OK);
    elasticache_free(r);
    elasticache_free(c);
}

static void test_memcached_evicts_the_least_recently_used(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_MEMCACHED, MiB, 1, 0);
    /* 1 MiB holds 99 items of 10,000 bytes (each 10,050 with key and
     * overhead, about); write 99, read the first, write 5 more. */
    char k[16];
    int fit = 0;
    for (int i = 0; i < 200; i++) {
        snprintf(k, sizeof k, "k%03d", i);
        assert_int_equal(elasticache_set(c, k, strlen(k), NULL, 10000, 0, NULL), SIM_OK);
        elasticache_stats st;
        elasticache_stats_get(c, 0, &st);
        if (st.evictions) break;
        fit++;
    }
    assert_true(fit > 90 && fit < 110);
    elasticache_stats st;
    elasticache_stats_get(c, 0, &st);
    assert_int_equal(st.evictions, 1);
    assert_false(has(c, "k000")); /* the oldest went */
    assert_true(has(c, "k001"));  /* now the most recent: it stays */
    for (int i = 300; i < 305; i++) {
        snprintf(k, sizeof k, "k%03d", i);
        assert_int_equal(elasticache_set(c, k, strlen(k), NULL, 10000, 0, NULL), SIM_OK);
    }
    assert_true(has(c, "k001"));
    assert_false(has(c, "k002"));
    assert_false(has(c, "k006"));
    assert_true(has(c, "k007"));
    elasticache_stats_get(c, 0, &st);
    assert_true(st.bytes <= MiB);
    elasticache_free(c);
}

/* Fills a Redis node with 1,000-byte values until the first write that had
 * to evict (or failed); returns how many were written. */
static int fill(elasticache_cluster *c, int64_t ttl, const char *prefix)
{
    char k[32];
    for (int i = 0; i < 100000; i++) {
        snprintf(k, sizeof k, "%s%05d", prefix, i);
        elasticache_stats before, after;
        elasticache_stats_get(c, 0, &before);
        if (elasticache_set(c, k, strlen(k), NULL, 1000, ttl, NULL) != SIM_OK) return i;
        elasticache_stats_get(c, 0, &after);
        if (after.evictions > before.evictions) return i;
    }
    return -1;
}

static void test_volatile_lru_without_ttls_refuses_writes(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, MiB, 1, ELASTICACHE_VOLATILE_LRU);
    int n = fill(c, 0, "k");
    assert_true(n > 900 && n < 1100);
    sim_error err = {0};
    /* As redis-server answered with maxmemory-policy volatile-lru and no
     * key carrying a TTL: every write refused, even a smaller value. */
    assert_int_equal(set_str(c, "k00000", "small", 0, &err), SIM_ENGINE_ERROR);
    assert_string_equal(err.message, "OOM command not allowed when used memory > 'maxmemory'.");
    elasticache_get_result g;
    assert_int_equal(elasticache_get(c, "k00000", 6, &g, NULL), SIM_OK);
    assert_true(g.hit);
    assert_int_equal(g.len, 1000); /* the old value is untouched */
    elasticache_stats st;
    elasticache_stats_get(c, 0, &st);
    assert_int_equal(st.oom_errors, 2);
    assert_int_equal(st.evictions, 0);
    /* Keys with a TTL can go: volatile-lru evicts among them only. */
    elasticache_free(c);
    c = mk(f, ELASTICACHE_REDIS, MiB, 1, ELASTICACHE_VOLATILE_LRU);
    int permanent = fill(c, 0, "p") / 2;
    for (int i = permanent; i < 2000; i++) {
        char k[16];
        snprintf(k, sizeof k, "p%05d", i);
        elasticache_delete(c, k, strlen(k));
    }
    int volatile_n = fill(c, 3600000, "v");
    assert_true(volatile_n > 0);
    for (int i = 0; i < 200; i++) {
        char k[16];
        snprintf(k, sizeof k, "w%05d", i);
        assert_int_equal(elasticache_set(c, k, strlen(k), NULL, 1000, 3600000, NULL), SIM_OK);
    }
    for (int i = 0; i < permanent; i++) {
        char k[16];
        snprintf(k, sizeof k, "p%05d", i);
        assert_true(has(c, k)); /* no key without a TTL was evicted */
    }
    elasticache_free(c);
}

static void test_noeviction_refuses_and_allkeys_lru_keeps_the_hot_keys(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, MiB, 1, ELASTICACHE_NOEVICTION);
    fill(c, 3600000, "k");
    sim_error err = {0};
    assert_int_equal(set_str(c, "more", "x", 0, &err), SIM_ENGINE_ERROR);
    assert_non_null(strstr(err.message, "OOM"));
    elasticache_free(c);

    /* allkeys-lru samples 5 keys and evicts the least recently used of
     * them: 100 keys read again and again survive 2,000 more writes. */
    c = mk(f, ELASTICACHE_REDIS, MiB, 1, ELASTICACHE_ALLKEYS_LRU);
    int n = fill(c, 0, "k");
    char k[16];
    int survived = 0;
    for (int round = 0; round < 2000; round++) {
        for (int h = 0; h < 100; h += 10)
            for (int j = h; j < h + 10; j++) {
                snprintf(k, sizeof k, "k%05d", j);
                elasticache_get_result g;
                elasticache_get(c, k, strlen(k), &g, NULL);
                if (!g.hit) elasticache_set(c, k, strlen(k), NULL, 1000, 0, NULL);
            }
        snprintf(k, sizeof k, "new%05d", round);
        assert_int_equal(elasticache_set(c, k, strlen(k), NULL, 1000, 0, NULL), SIM_OK);
    }
    for (int j = 0; j < 100; j++) {
        snprintf(k, sizeof k, "k%05d", j);
        survived += has(c, k);
    }
    assert_true(survived >= 95);
    int cold = 0;
    for (int j = 100; j < n; j++) {
        snprintf(k, sizeof k, "k%05d", j);
        cold += has(c, k);
    }
    assert_true(cold < (n - 100) / 4); /* most cold keys went */
    elasticache_free(c);
}

static void test_volatile_ttl_evicts_the_nearest_expiry(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, MiB, 1, ELASTICACHE_VOLATILE_TTL);
    char k[16];
    int i = 0;
    for (;; i++) {
        snprintf(k, sizeof k, "k%05d", i);
        /* TTLs grow with the key number. */
        elasticache_stats st;
        assert_int_equal(elasticache_set(c, k, strlen(k), NULL, 1000, 60000 + i * 1000, NULL),
                         SIM_OK);
        elasticache_stats_get(c, 0, &st);
        if (st.evictions >= 200) break;
    }
    /* The survivors are mostly the long-lived keys. */
    int early = 0, late = 0;
    for (int j = 0; j < 200; j++) {
        snprintf(k, sizeof k, "k%05d", j);
        early += has(c, k);
    }
    for (int j = i - 200; j < i; j++) {
        snprintf(k, sizeof k, "k%05d", j);
        late += has(c, k);
    }
    assert_true(late > early + 100);
    elasticache_free(c);
}

static void test_reboots_and_failures_per_engine(void **state)
{
    fx *f = *state;
    elasticache_event ev;
    elasticache_cluster *m = mk(f, ELASTICACHE_MEMCACHED, 8 * MiB, 1, 0);
    set_str(m, "a", "1", 0, NULL);
    set_str(m, "b", "2", 0, NULL);
    assert_int_equal(elasticache_reboot(m, 0, &ev, NULL), SIM_OK);
    assert_false(ev.data_kept);
    assert_int_equal(ev.items_lost, 2);
    assert_false(has(m, "a"));
    sim_error err = {0};
    assert_int_equal(elasticache_reboot(m, 1, &ev, &err), SIM_RESOURCE_NOT_FOUND);
    elasticache_free(m);

    elasticache_cluster *r = mk(f, ELASTICACHE_REDIS, 8 * MiB, 1, ELASTICACHE_VOLATILE_LRU);
    set_str(r, "a", "1", 0, NULL);
    assert_int_equal(elasticache_reboot(r, 0, &ev, NULL), SIM_OK);
    assert_true(ev.data_kept); /* the cache survives reboots */
    assert_true(has(r, "a"));
    /* No replica: a failed primary is replaced empty. */
    assert_int_equal(elasticache_fail_primary(r, 0, &ev, NULL), SIM_OK);
    assert_false(ev.data_kept);
    assert_false(ev.failed_over);
    assert_false(has(r, "a"));
    elasticache_free(r);

    elasticache_config cfg = {
        .name = "ha", .engine = ELASTICACHE_REDIS, .replicas = 2, .multi_az = true};
    r = elasticache_new(&cfg, f->clock, f->rng, NULL);
    set_str(r, "a", "1", 0, NULL);
    assert_int_equal(elasticache_fail_primary(r, 0, &ev, NULL), SIM_OK);
    assert_true(ev.failed_over);
    assert_true(ev.data_kept);
    assert_true(has(r, "a"));
    /* Reads went round the primary and both replicas. */
    elasticache_get_result g;
    int nodes[3] = {0};
    for (int i = 0; i < 6; i++) {
        elasticache_get(r, "a", 1, &g, NULL);
        nodes[g.node]++;
    }
    assert_int_equal(nodes[0], 2);
    assert_int_equal(nodes[1], 2);
    assert_int_equal(nodes[2], 2);
    elasticache_stats st;
    elasticache_stats_get(r, -1, &st);
    assert_int_equal(st.failovers, 1);
    assert_true(st.replica_reads >= 4);
    elasticache_free(r);
}

static void test_memcached_scale_out_moves_about_one_key_in_n(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_MEMCACHED, 64 * MiB, 3, 0);
    char k[16];
    int before[3000];
    for (int i = 0; i < 3000; i++) {
        snprintf(k, sizeof k, "user:%d", i);
        before[i] = elasticache_shard_for_key(c, k, strlen(k));
        elasticache_set(c, k, strlen(k), "v", 1, 0, NULL);
    }
    assert_int_equal(elasticache_set_nodes(c, 4, NULL), SIM_OK);
    int moved = 0, hits = 0;
    for (int i = 0; i < 3000; i++) {
        snprintf(k, sizeof k, "user:%d", i);
        int now = elasticache_shard_for_key(c, k, strlen(k));
        if (now != before[i]) {
            assert_int_equal(now, 3); /* only to the new node */
            moved++;
        }
        hits += has(c, k);
    }
    assert_true(moved > 600 && moved < 900); /* about a quarter */
    assert_int_equal(hits, 3000 - moved);    /* moved keys miss until set again */
    sim_error err = {0};
    elasticache_cluster *r = mk(f, ELASTICACHE_REDIS, 64 * MiB, 2, ELASTICACHE_VOLATILE_LRU);
    assert_int_equal(elasticache_set_nodes(r, 3, &err), SIM_INVALID_PARAMETER_VALUE);
    /* Redis cluster mode: slots split evenly between the shards. */
    assert_int_equal(elasticache_shard_for_key(r, "foo", 3), 1); /* slot 12182 */
    assert_int_equal(elasticache_shard_for_key(r, "bar", 3), 0); /* slot 5061 */
    elasticache_free(r);
    elasticache_free(c);
}

static void test_sorted_sets_rank_like_zrevrange(void **state)
{
    fx *f = *state;
    elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, 8 * MiB, 1, ELASTICACHE_VOLATILE_LRU);
    bool added;
    assert_int_equal(elasticache_zadd(c, "board", 5, "ann", 3, 50, &added, NULL), SIM_OK);
    assert_true(added);
    elasticache_zadd(c, "board", 5, "bob", 3, 70, NULL, NULL);
    elasticache_zadd(c, "board", 5, "cid", 3, 70, NULL, NULL);
    elasticache_zadd(c, "board", 5, "dee", 3, 10, NULL, NULL);
    assert_int_equal(elasticache_zadd(c, "board", 5, "ann", 3, 90, &added, NULL), SIM_OK);
    assert_false(added); /* moved, not added */
    elasticache_zentry top[3];
    size_t n;
    assert_int_equal(elasticache_ztop(c, "board", 5, top, 3, &n, NULL), SIM_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(top[0].member, "ann", 3);
    assert_memory_equal(top[1].member, "cid", 3); /* a tie: reverse member order */
    assert_memory_equal(top[2].member, "bob", 3);
    assert_true(top[0].score == 90);
    sim_error err = {0};
    assert_int_equal(elasticache_get(c, "board", 5, &(elasticache_get_result){0}, &err),
                     SIM_ENGINE_ERROR);
    assert_non_null(strstr(err.message, "WRONGTYPE"));
    set_str(c, "s", "x", 0, NULL);
    assert_int_equal(elasticache_zadd(c, "s", 1, "m", 1, 1, NULL, &err), SIM_ENGINE_ERROR);
    assert_non_null(strstr(err.message, "WRONGTYPE"));
    elasticache_free(c);
    c = mk(f, ELASTICACHE_MEMCACHED, 8 * MiB, 1, 0);
    assert_int_equal(elasticache_zadd(c, "board", 5, "ann", 3, 1, NULL, &err), SIM_ENGINE_ERROR);
    assert_non_null(strstr(err.message, "ERROR"));
    elasticache_free(c);
}

static void test_workload_hit_ratio_follows_memory(void **state)
{
    fx *f = *state;
    elasticache_workload w = {.keys = 20000, .ops = 50000, .value_bytes = 1000};
    double ratio[2];
    uint64_t mem[2] = {4 * MiB, 32 * MiB};
    for (int i = 0; i < 2; i++) {
        elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, mem[i], 1, ELASTICACHE_ALLKEYS_LRU);
        elasticache_workload_result r;
        assert_int_equal(elasticache_run_workload(c, &w, &r, NULL), SIM_OK);
        assert_int_equal(r.reads, 50000);
        assert_int_equal(r.hits + r.misses, r.reads);
        assert_int_equal(r.db_reads, r.misses);
        assert_int_equal(r.elapsed_ms, 49999); /* 1,000 operations a second */
        ratio[i] = r.hit_ratio;
        if (i == 0) assert_true(r.evictions > 0);
        if (i == 1) assert_int_equal(r.evictions, 0);
        elasticache_free(c);
    }
    /* 4 MiB holds about the hot 20% of the keys; 32 MiB holds them all. */
    assert_true(ratio[0] > 0.4 && ratio[0] < 0.8);
    assert_true(ratio[1] > ratio[0] + 0.1);
    /* Under volatile-lru with no TTLs the cache fills and then refuses. */
    elasticache_cluster *c = mk(f, ELASTICACHE_REDIS, 4 * MiB, 1, ELASTICACHE_VOLATILE_LRU);
    elasticache_workload_result r;
    assert_int_equal(elasticache_run_workload(c, &w, &r, NULL), SIM_OK);
    assert_true(r.oom_errors > 0);
    assert_int_equal(r.evictions, 0);
    elasticache_free(c);
    /* With a TTL, keys expire and are read from the database again. */
    w.ttl_ms = 5000;
    c = mk(f, ELASTICACHE_REDIS, 32 * MiB, 1, ELASTICACHE_VOLATILE_LRU);
    assert_int_equal(elasticache_run_workload(c, &w, &r, NULL), SIM_OK);
    assert_true(r.expirations > 0);
    assert_true(r.hit_ratio < ratio[1]);
    elasticache_free(c);
    sim_error err = {0};
    w.keys = 0;
    c = mk(f, ELASTICACHE_REDIS, 32 * MiB, 1, ELASTICACHE_VOLATILE_LRU);
    assert_int_equal(elasticache_run_workload(c, &w, &r, &err), SIM_INVALID_PARAMETER_VALUE);
    w.keys = 10;
    w.write_share = 1.5;
    assert_int_equal(elasticache_run_workload(c, &w, &r, &err), SIM_INVALID_PARAMETER_VALUE);
    assert_non_null(strstr(err.message, "write_share"));
    elasticache_free(c);
}

static void test_same_seed_same_run(void **state)
{
    (void)state;
    elasticache_workload w = {.keys = 5000, .ops = 20000, .write_share = 0.1, .ttl_ms = 3000};
    elasticache_workload_result r[2];
    for (int i = 0; i < 2; i++) {
        sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
        sim_rng *rng = sim_rng_new(99);
        elasticache_config cfg = {.name = "d",
                                  .engine = ELASTICACHE_REDIS,
                                  .node_memory = 2 * MiB,
                                  .policy = ELASTICACHE_ALLKEYS_LFU};
        elasticache_cluster *c = elasticache_new(&cfg, clock, rng, NULL);
        assert_int_equal(elasticache_run_workload(c, &w, &r[i], NULL), SIM_OK);
        elasticache_free(c);
        sim_rng_free(rng);
        sim_clock_free(clock);
    }
    assert_memory_equal(&r[0], &r[1], sizeof r[0]);
    assert_true(r[0].evictions > 0 && r[0].expirations > 0);
}

static void test_host_limits_keep_sizes_and_refuse_items(void **state)
{
    fx *f = *state;
    /* Small caps stand for the 256 MiB and the million items. */
    elasticache_config cfg = {.name = "h",
                              .engine = ELASTICACHE_REDIS,
                              .node_memory = 8 * MiB,
                              .policy = ELASTICACHE_ALLKEYS_LRU,
                              .items_cap = 3,
                              .kept_cap = 10};
    elasticache_cluster *c = elasticache_new(&cfg, f->clock, f->rng, NULL);
    assert_int_equal(set_str(c, "a", "123456", 0, NULL), SIM_OK);
    assert_int_equal(set_str(c, "b", "abcdef", 0, NULL), SIM_OK); /* 12 bytes: past the cap */
    elasticache_get_result g;
    elasticache_get(c, "a", 1, &g, NULL);
    assert_non_null(g.value);
    elasticache_get(c, "b", 1, &g, NULL);
    assert_true(g.hit);
    assert_null(g.value); /* kept as its size */
    assert_int_equal(g.len, 6);
    assert_true(elasticache_delete(c, "a", 1)); /* the kept bytes go with it */
    assert_int_equal(set_str(c, "c", "xyz", 0, NULL), SIM_OK);
    elasticache_get(c, "c", 1, &g, NULL);
    assert_non_null(g.value);
    assert_int_equal(set_str(c, "d", "1", 0, NULL), SIM_OK);
    sim_error err = {0};
    assert_int_equal(set_str(c, "e", "1", 0, &err), SIM_LIMIT_EXCEEDED);
    assert_non_null(strstr(err.message, "at most 3 items"));
    assert_int_equal(elasticache_zadd(c, "z", 1, "m", 1, 1, NULL, &err), SIM_LIMIT_EXCEEDED);
    assert_int_equal(set_str(c, "d", "22", 0, NULL), SIM_OK); /* an overwrite is no new item */
    assert_int_equal(set_str(c, "ttl", "1", (int64_t)200 * 366 * 24 * 3600 * 1000, &err),
                     SIM_ENGINE_ERROR);
    assert_non_null(strstr(err.message, "invalid expire time"));
    elasticache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_slots_are_redis_cluster_keyslots),
        cmocka_unit_test_setup_teardown(test_cluster_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_get_delete_and_expiry_on_the_clock, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_memcached_key_and_item_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcached_evicts_the_least_recently_used, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_volatile_lru_without_ttls_refuses_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_noeviction_refuses_and_allkeys_lru_keeps_the_hot_keys,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_volatile_ttl_evicts_the_nearest_expiry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reboots_and_failures_per_engine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcached_scale_out_moves_about_one_key_in_n, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sorted_sets_rank_like_zrevrange, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workload_hit_ratio_follows_memory, setup, teardown),
        cmocka_unit_test(test_same_seed_same_run),
        cmocka_unit_test_setup_teardown(test_host_limits_keep_sizes_and_refuse_items, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
