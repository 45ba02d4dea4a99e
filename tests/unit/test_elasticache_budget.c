/* ElastiCache under the script's budget (sim/budget.h): commands, evictions
 * and workloads are charged before they run and stop with
 * SIM_BUDGET_EXCEEDED when it is spent; everything a cluster holds counts
 * toward the memory cap, and a write the cap refuses fails with
 * SIM_NO_MEMORY leaving the key as it was; with a budget large enough, every
 * result is the one without a budget. Also the units that the bundled
 * scenario's calls use, and what the hostile workload would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/elasticache.h"
#include "sim_fixture.h"

#define MiB ((uint64_t)1 << 20)
#define DEFAULT_WORK UINT64_C(200000000) /* the host's default budget */
#define DEFAULT_MEMORY ((size_t)64 << 20)

static elasticache_cluster *mk(fx *f, elasticache_config cfg)
{
    if (!cfg.name) cfg.name = "c";
    sim_error err = {0};
    elasticache_cluster *c = elasticache_new(&cfg, f->clock, f->rng, &err);
    if (!c) fail_msg("%s", err.message);
    return c;
}

static sim_status set_str(elasticache_cluster *c, const char *k, const char *v, sim_error *err)
{
    return elasticache_set(c, k, strlen(k), v, strlen(v), 0, err);
}

/* The books a cluster keeps must balance whatever stopped it. */
static void assert_books_balance(const elasticache_cluster *c)
{
    elasticache_stats all;
    assert_true(elasticache_stats_get(c, -1, &all));
    assert_int_equal(all.gets, all.hits + all.misses);
    uint64_t items = 0;
    for (int i = 0; i < elasticache_shard_count(c); i++) {
        elasticache_stats s;
        assert_true(elasticache_stats_get(c, i, &s));
        assert_int_equal(s.gets, s.hits + s.misses);
        items += s.items;
    }
    assert_int_equal(items, all.items);
}

static void test_workload_stops_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(100000, DEFAULT_MEMORY);
    elasticache_cluster *c = mk(
        f,
        (elasticache_config){.budget = b, .node_memory = MiB, .policy = ELASTICACHE_ALLKEYS_LRU});
    elasticache_workload w = {.keys = 10000, .ops = 100000, .write_share = 0.2};
    elasticache_workload_result r;
    sim_error err = {0};
    assert_int_equal(elasticache_run_workload(c, &w, &r, &err), SIM_BUDGET_EXCEEDED);
    assert_non_null(strstr(err.message, "the script's work budget ran out running the workload"));
    assert_true(sim_budget_spent(b));
    /* It ran part of the way, and says how far. */
    assert_true(r.reads + r.writes > 0);
    assert_true(r.reads + r.writes < w.ops);
    assert_int_equal(r.reads, r.hits + r.misses);
    assert_books_balance(c);
    /* Spent is spent: the next command is refused, cleanly. */
    elasticache_get_result g;
    assert_int_equal(elasticache_get(c, "key:1", 5, &g, &err), SIM_BUDGET_EXCEEDED);
    assert_false(g.hit);
    assert_int_equal(set_str(c, "k", "v", &err), SIM_BUDGET_EXCEEDED);
    assert_books_balance(c);
    elasticache_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void run_pages(fx *f, sim_budget *b, elasticache_workload_result *r, elasticache_stats *st)
{
    elasticache_cluster *c = mk(f, (elasticache_config){.budget = b, .node_memory = 2 * MiB});
    elasticache_workload w = {
        .keys = 5000, .ops = 20000, .write_share = 0.1, .value_bytes = 2048, .ttl_ms = 3000};
    assert_int_equal(elasticache_run_workload(c, &w, r, NULL), SIM_OK);
    assert_true(elasticache_stats_get(c, -1, st));
    elasticache_free(c);
}

static void test_workload_within_budget_is_unchanged(void **state)
{
    fx *f = *state;
    elasticache_workload_result free_run, charged;
    elasticache_stats free_st, charged_st;
    run_pages(f, NULL, &free_run, &free_st);
    /* The same seed and clock again, now under a budget. */
    sim_rng_free(f->rng);
    f->rng = sim_rng_new(1);
    sim_clock_free(f->clock);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    run_pages(f, b, &charged, &charged_st);
    assert_true(sim_budget_work_used(b) > 0);
    assert_true(sim_budget_memory_peak(b) > 0);
    assert_int_equal(sim_budget_memory_used(b), 0);
    assert_memory_equal(&free_run, &charged, sizeof free_run);
    assert_memory_equal(&free_st, &charged_st, sizeof free_st);
    assert_true(free_run.evictions + free_run.expirations > 0); /* the run did evict */
    sim_budget_free(b);
}

static void test_cluster_memory_counts_toward_the_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    elasticache_cluster *c = mk(f, (elasticache_config){.budget = b});
    size_t empty = sim_budget_memory_used(b);
    assert_true(empty > 0); /* the cluster and its 40 shards */
    char key[32], value[1000];
    memset(value, 'v', sizeof value);
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "key:%d", i);
        assert_int_equal(elasticache_set(c, key, (size_t)n, value, sizeof value, 0, NULL), SIM_OK);
    }
    /* Values, keys, items and the tree's nodes: more than the values. */
    size_t full = sim_budget_memory_used(b);
    assert_true(full - empty > 1000 * (sizeof value + 32 + 50));
    /* A value replaced by a smaller one gives its bytes back. */
    assert_int_equal(elasticache_set(c, "key:0", 5, "x", 1, 0, NULL), SIM_OK);
    assert_true(sim_budget_memory_used(b) < full);
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "key:%d", i);
        assert_true(elasticache_delete(c, key, (size_t)n));
    }
    /* What is left is the cluster and its arrays' room. */
    assert_true(sim_budget_memory_used(b) < empty + 64 * 1024);
    elasticache_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_set_fails_cleanly_at_the_memory_cap(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, 256 * 1024);
    elasticache_cluster *c = mk(f, (elasticache_config){.budget = b});
    char key[32], value[2000];
    memset(value, 'v', sizeof value);
    sim_error err = {0};
    int stored = 0;
    sim_status st = SIM_OK;
    while (st == SIM_OK && stored < 10000) {
        int n = snprintf(key, sizeof key, "key:%d", stored);
        st = elasticache_set(c, key, (size_t)n, value, sizeof value, 60000, &err);
        if (st == SIM_OK) stored++;
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    assert_non_null(strstr(err.message, "out of memory"));
    assert_true(sim_budget_memory_refused(b));
    assert_true(stored > 10);
    assert_books_balance(c);
    /* The refused key is not there; the ones before it are, whole. */
    elasticache_get_result g;
    int n = snprintf(key, sizeof key, "key:%d", stored);
    assert_int_equal(elasticache_get(c, key, (size_t)n, &g, NULL), SIM_OK);
    assert_false(g.hit);
    assert_int_equal(elasticache_get(c, "key:0", 5, &g, NULL), SIM_OK);
    assert_true(g.hit);
    assert_int_equal(g.len, sizeof value);
    assert_memory_equal(g.value, value, sizeof value);
    assert_true(elasticache_ttl(c, "key:0", 5) > 0);
    /* Replacing a key with a value that does not fit leaves it as it was. */
    static char big[64 * 1024];
    assert_int_equal(elasticache_set(c, "key:0", 5, big, sizeof big, 0, &err), SIM_NO_MEMORY);
    assert_int_equal(elasticache_get(c, "key:0", 5, &g, NULL), SIM_OK);
    assert_true(g.hit);
    assert_int_equal(g.len, sizeof value);
    assert_true(elasticache_ttl(c, "key:0", 5) > 0);
    /* Room made, it takes writes again. */
    for (int i = 1; i < 10; i++) {
        n = snprintf(key, sizeof key, "key:%d", i);
        assert_true(elasticache_delete(c, key, (size_t)n));
    }
    assert_int_equal(set_str(c, "again", "yes", NULL), SIM_OK);
    assert_books_balance(c);
    elasticache_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_zadd_fails_cleanly_at_the_memory_cap(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, 128 * 1024);
    elasticache_cluster *c = mk(f, (elasticache_config){.budget = b});
    static char filler[16 * 1024];
    assert_int_equal(elasticache_set(c, "filler", 6, filler, sizeof filler, 0, NULL), SIM_OK);
    char member[600];
    memset(member, 'm', sizeof member);
    sim_error err = {0};
    sim_status st = SIM_OK;
    int added = 0;
    while (st == SIM_OK && added < 10000) {
        int n = snprintf(member, sizeof member, "%d", added);
        member[n] = 'm';
        st = elasticache_zadd(c, "board", 5, member, sizeof member, added, NULL, &err);
        if (st == SIM_OK) added++;
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    assert_true(added > 10);
    assert_books_balance(c);
    /* The set holds every member added, and only those. */
    assert_true(elasticache_delete(c, "filler", 6));
    elasticache_zentry top[3];
    size_t count;
    assert_int_equal(elasticache_ztop(c, "board", 5, top, 3, &count, NULL), SIM_OK);
    assert_int_equal(count, 3);
    assert_true(top[0].score == added - 1);
    /* A new key whose first member does not fit leaves no empty set. */
    static char huge[64 * 1024];
    assert_int_equal(elasticache_zadd(c, "other", 5, huge, sizeof huge, 1, NULL, &err),
                     SIM_NO_MEMORY);
    elasticache_get_result g;
    assert_int_equal(elasticache_get(c, "other", 5, &g, &err), SIM_OK); /* not WRONGTYPE */
    assert_false(g.hit);
    assert_int_equal(elasticache_ttl(c, "other", 5), -2);
    assert_books_balance(c);
    elasticache_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    /* Nor can a cluster be made without the memory for it. */
    b = sim_budget_new(DEFAULT_WORK, 0);
    elasticache_config cfg = {.name = "c", .budget = b};
    assert_null(elasticache_new(&cfg, f->clock, f->rng, &err));
    assert_int_equal(err.code, SIM_NO_MEMORY);
    sim_budget_free(b);
}

/* Commands of every kind; each may be refused for memory, and nothing
 * else may go wrong. */
static void some_commands(elasticache_cluster *c)
{
    char key[32], value[300];
    memset(value, 'v', sizeof value);
    for (int i = 0; i < 60; i++) {
        int n = snprintf(key, sizeof key, "key:%d", i % 40);
        sim_status st =
            elasticache_set(c, key, (size_t)n, value, 50 + (size_t)i * 4, i % 3 ? 60000 : 0, NULL);
        assert_true(st == SIM_OK || st == SIM_NO_MEMORY || st == SIM_ENGINE_ERROR);
        n = snprintf(key, sizeof key, "m%d", i);
        st = elasticache_zadd(c, i % 2 ? "board" : "other", 5, key, (size_t)n, i, NULL, NULL);
        assert_true(st == SIM_OK || st == SIM_NO_MEMORY || st == SIM_ENGINE_ERROR);
    }
    elasticache_zentry top[4];
    size_t count;
    sim_status st = elasticache_ztop(c, "board", 5, top, 4, &count, NULL);
    assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
    elasticache_delete(c, "key:3", 5);
    elasticache_workload w = {.keys = 200, .ops = 400, .value_bytes = 100, .ttl_ms = 500};
    elasticache_workload_result r;
    st = elasticache_run_workload(c, &w, &r, NULL);
    assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
    assert_books_balance(c);
}

static void test_commands_fail_cleanly_at_every_memory_cap(void **state)
{
    fx *f = *state;
    sim_budget *probe = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    elasticache_cluster *c = mk(f, (elasticache_config){.budget = probe});
    some_commands(c);
    elasticache_free(c);
    size_t peak = sim_budget_memory_peak(probe);
    sim_budget_free(probe);
    for (size_t cap = 0; cap <= peak + 1024; cap += 1024) {
        sim_budget *b = sim_budget_new(DEFAULT_WORK, cap);
        elasticache_config cfg = {.name = "c", .budget = b, .policy = ELASTICACHE_ALLKEYS_LRU};
        c = elasticache_new(&cfg, f->clock, f->rng, NULL);
        if (c) some_commands(c);
        elasticache_free(c);
        assert_int_equal(sim_budget_memory_used(b), 0);
        sim_budget_free(b);
    }
}

/* A Memcached cluster of 2,000 sessions, then a reboot: the units each
 * step took. */
static elasticache_cluster *sessions_then(fx *f, sim_budget *b, uint64_t *fill)
{
    elasticache_cluster *c =
        mk(f, (elasticache_config){.budget = b, .engine = ELASTICACHE_MEMCACHED});
    char key[32];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(key, sizeof key, "session:%d", i);
        assert_int_equal(elasticache_set(c, key, (size_t)n, "u", 1, 0, NULL), SIM_OK);
    }
    *fill = sim_budget_work_used(b);
    return c;
}

static void test_reboot_is_refused_when_the_budget_cannot_drop_the_items(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    uint64_t fill;
    elasticache_cluster *c = sessions_then(f, b, &fill);
    elasticache_event ev;
    assert_int_equal(elasticache_reboot(c, 0, &ev, NULL), SIM_OK);
    assert_int_equal(ev.items_lost, 2000);
    uint64_t drop = sim_budget_work_used(b) - fill;
    assert_true(drop >= 2000); /* at least a unit an item */
    elasticache_free(c);
    sim_budget_free(b);

    /* The same on a budget with half the reboot left: nothing is dropped. */
    b = sim_budget_new(fill + drop / 2, DEFAULT_MEMORY);
    c = sessions_then(f, b, &fill);
    sim_error err = {0};
    assert_int_equal(elasticache_reboot(c, 0, &ev, &err), SIM_BUDGET_EXCEEDED);
    assert_non_null(strstr(err.message, "work budget ran out"));
    elasticache_stats st;
    assert_true(elasticache_stats_get(c, 0, &st));
    assert_int_equal(st.items, 2000);
    assert_int_equal(st.reboots, 0);
    assert_int_equal(st.data_losses, 0);
    assert_books_balance(c);
    elasticache_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

/* c:workload{ keys = 1e6, ops = 1e7 } on a default cluster: the first
 * 200,000 operations, measured, say what all of them would cost. */
static void test_the_hostile_workload_costs_more_than_the_default_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(UINT64_MAX / 2, DEFAULT_MEMORY);
    elasticache_cluster *c = mk(f, (elasticache_config){.budget = b});
    elasticache_workload w = {.keys = 1000000, .ops = 200000};
    elasticache_workload_result r;
    assert_int_equal(elasticache_run_workload(c, &w, &r, NULL), SIM_OK);
    uint64_t per_op = sim_budget_work_used(b) / w.ops;
    print_message("hostile workload: %llu units an operation, %llu for 10^7 operations "
                  "(peak memory %zu KiB)\n",
                  (unsigned long long)per_op, (unsigned long long)(per_op * 10000000),
                  sim_budget_memory_peak(b) >> 10);
    assert_true(per_op * 10000000 > 2 * DEFAULT_WORK);
    elasticache_free(c);
    sim_budget_free(b);

    /* And with the default budget it stops, part way. */
    b = sim_budget_new(DEFAULT_WORK / 20, DEFAULT_MEMORY);
    c = mk(f, (elasticache_config){.budget = b});
    w.ops = 10000000;
    sim_error err = {0};
    assert_int_equal(elasticache_run_workload(c, &w, &r, &err), SIM_BUDGET_EXCEEDED);
    assert_true(r.reads + r.writes < w.ops / 10);
    elasticache_free(c);
    sim_budget_free(b);
}

/* The calls scenarios/core/scenarios/elasticache-engines.lua makes, with
 * its numbers, under one default budget. */
static void sessions(fx *f, sim_budget *b, elasticache_config cfg)
{
    cfg.budget = b;
    elasticache_cluster *c = mk(f, cfg);
    char key[32], value[32];
    for (int u = 1; u <= 2000; u++) {
        int k = snprintf(key, sizeof key, "session:%d", u), v = snprintf(value, 32, "user-%d", u);
        assert_int_equal(elasticache_set(c, key, (size_t)k, value, (size_t)v, 24 * 3600000, NULL),
                         SIM_OK);
    }
    for (int round = 0; round < 2; round++) {
        if (round == 0) assert_int_equal(elasticache_reboot(c, 0, NULL, NULL), SIM_OK);
        if (round == 1) assert_int_equal(elasticache_fail_primary(c, 0, NULL, NULL), SIM_OK);
        for (int u = 1; u <= 2000; u++) {
            int k = snprintf(key, sizeof key, "session:%d", u);
            elasticache_get_result g;
            assert_int_equal(elasticache_get(c, key, (size_t)k, &g, NULL), SIM_OK);
        }
    }
    elasticache_free(c);
}

static void pages(fx *f, sim_budget *b, elasticache_config cfg, int64_t ttl)
{
    cfg.budget = b;
    if (!cfg.node_memory) cfg.node_memory = 32 * MiB;
    elasticache_cluster *c = mk(f, cfg);
    elasticache_workload w = {
        .keys = 80000, .ops = 200000, .value_bytes = 2048, .ops_per_s = 2000, .ttl_ms = ttl};
    elasticache_workload_result r;
    assert_int_equal(elasticache_run_workload(c, &w, &r, NULL), SIM_OK);
    elasticache_free(c);
}

static void test_the_engines_scenario_fits_the_default_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    sessions(f, b, (elasticache_config){.engine = ELASTICACHE_MEMCACHED, .shards = 2});
    sessions(f, b, (elasticache_config){.engine = ELASTICACHE_REDIS});
    sessions(f, b, (elasticache_config){.replicas = 1, .multi_az = true});
    uint64_t sess = sim_budget_work_used(b);
    elasticache_cluster *board = mk(f, (elasticache_config){.budget = b});
    char m[32];
    for (int i = 1; i <= 50; i++) {
        int n = snprintf(m, sizeof m, "shopper-%d", i);
        assert_int_equal(elasticache_zadd(board, "top-shoppers", 12, m, (size_t)n,
                                          100 + i * 97 % 4900, NULL, NULL),
                         SIM_OK);
    }
    elasticache_zentry top[5];
    size_t count;
    assert_int_equal(elasticache_ztop(board, "top-shoppers", 12, top, 5, &count, NULL), SIM_OK);
    elasticache_free(board);
    uint64_t before_pages = sim_budget_work_used(b);
    pages(f, b, (elasticache_config){0}, 0);
    pages(f, b, (elasticache_config){.policy = ELASTICACHE_ALLKEYS_LRU}, 0);
    pages(f, b, (elasticache_config){0}, 30000);
    pages(f, b, (elasticache_config){.node_memory = 64 * MiB}, 0);
    pages(f, b, (elasticache_config){.policy = ELASTICACHE_NOEVICTION}, 0);
    uint64_t page_units = sim_budget_work_used(b) - before_pages;
    elasticache_cluster *mc =
        mk(f, (elasticache_config){.budget = b, .engine = ELASTICACHE_MEMCACHED, .shards = 4});
    char page[32];
    for (int round = 0; round < 2; round++) {
        for (int i = 1; i <= 10000; i++) {
            int n = snprintf(page, sizeof page, "page:%d", i);
            elasticache_shard_for_key(mc, page, (size_t)n);
        }
        if (round == 0) assert_int_equal(elasticache_set_nodes(mc, 5, NULL), SIM_OK);
    }
    elasticache_free(mc);
    uint64_t total = sim_budget_work_used(b);
    print_message("elasticache-engines: %llu units (sessions %llu, page workloads %llu), "
                  "peak memory %zu KiB\n",
                  (unsigned long long)total, (unsigned long long)sess,
                  (unsigned long long)page_units, sim_budget_memory_peak(b) >> 10);
    assert_false(sim_budget_spent(b));
    assert_true(total < DEFAULT_WORK / 2);
    sim_budget_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commands_fail_cleanly_at_every_memory_cap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_workload_stops_when_the_budget_is_spent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_workload_within_budget_is_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_memory_counts_toward_the_budget, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_set_fails_cleanly_at_the_memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zadd_fails_cleanly_at_the_memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_reboot_is_refused_when_the_budget_cannot_drop_the_items, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_hostile_workload_costs_more_than_the_default_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_engines_scenario_fits_the_default_budget, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
