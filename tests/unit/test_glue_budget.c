/* Glue crawls under the script's budget (sim/budget.h): the objects, path
 * components, schemas, folders, tables and partitions of a crawl are
 * charged before each step, and everything it holds counts toward the
 * memory cap; a crawl that runs out of either fails cleanly (no leak, the
 * budget's memory back where it was, earlier catalogs still usable); with a
 * budget large enough every catalog is the one without a budget. Also what
 * the bundled glue-partitions scenario's crawls and scans use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/glue.h"

#define DEFAULT_WORK UINT64_C(200000000) /* the host's default budget */
#define DEFAULT_MEMORY ((size_t)64 << 20)

static s3 *store_with(const char *bucket)
{
    s3 *st = s3_new(0);
    assert_int_equal(s3_create_bucket(st, bucket, NULL), SIM_OK);
    return st;
}

static void put(s3 *st, const char *bucket, const char *key, const char *data, uint64_t size)
{
    assert_int_equal(s3_put_object(st, bucket, key, data, data ? strlen(data) : size, 0, NULL),
                     SIM_OK);
}

static glue_catalog *crawl(s3 *st, const char *bucket, const char *path, int level, sim_budget *b,
                           sim_error *err)
{
    glue_crawl_config cfg = {.bucket = bucket, .path = path, .table_level = level, .budget = b};
    return glue_crawl(st, &cfg, err);
}

/* A day of hourly sensor batches, JSON, in key=value folders. */
static s3 *sensors(int days)
{
    s3 *st = store_with("lake");
    for (int d = 1; d <= days; d++)
        for (int h = 0; h < 24; h++) {
            char key[96];
            snprintf(key, sizeof key, "readings/year=2024/month=01/day=%02d/hour=%02d/part.json", d,
                     h);
            put(st, "lake", key, "{\"ts\":\"2024-01-01T00:00:00Z\",\"rpm\":12,\"temp\":40}\n", 0);
        }
    return st;
}

/* 20,000 objects whose keys are each about a thousand bytes of one-letter
 * folders: a crawl of them would allocate gigabytes. */
static s3 *deep_keys(int n, int depth)
{
    s3 *st = store_with("deep");
    char *key = malloc((size_t)depth * 2 + 32);
    for (int i = 0; i < n; i++) {
        size_t w = 0;
        for (int d = 0; d < depth; d++) {
            key[w++] = (char)('a' + (i + d) % 26);
            key[w++] = '/';
        }
        snprintf(key + w, 32, "f%d.json", i);
        put(st, "deep", key, NULL, 100);
    }
    free(key);
    return st;
}

static void assert_same_catalogs(const glue_catalog *a, const glue_catalog *b)
{
    assert_int_equal(glue_table_count(a), glue_table_count(b));
    assert_int_equal(glue_objects_crawled(a), glue_objects_crawled(b));
    for (size_t i = 0; i < glue_table_count(a); i++) {
        const glue_table *x = glue_table_at(a, i), *y = glue_table_at(b, i);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->location, y->location);
        assert_string_equal(x->classification, y->classification);
        assert_int_equal(x->ncolumns, y->ncolumns);
        for (size_t k = 0; k < x->ncolumns; k++)
            assert_string_equal(x->columns[k], y->columns[k]);
        assert_int_equal(x->nkeys, y->nkeys);
        for (size_t k = 0; k < x->nkeys; k++)
            assert_string_equal(x->partition_keys[k], y->partition_keys[k]);
        assert_int_equal(x->npartitions, y->npartitions);
        for (size_t p = 0; p < x->npartitions; p++) {
            assert_string_equal(x->partitions[p].location, y->partitions[p].location);
            assert_int_equal(x->partitions[p].objects, y->partitions[p].objects);
            for (size_t k = 0; k < x->nkeys; k++)
                assert_string_equal(x->partitions[p].values[k], y->partitions[p].values[k]);
        }
        assert_int_equal(x->objects, y->objects);
        assert_int_equal(x->bytes, y->bytes);
    }
}

static void test_crawl_within_budget_is_unchanged(void **state)
{
    (void)state;
    s3 *st = sensors(7);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    for (int level = 0; level <= 4; level += 4) {
        glue_catalog *free_run = crawl(st, "lake", "readings/", level, NULL, NULL);
        glue_catalog *charged = crawl(st, "lake", "readings/", level, b, NULL);
        assert_non_null(free_run);
        assert_non_null(charged);
        assert_same_catalogs(free_run, charged);
        glue_predicate day = {"day", "02", "03"};
        glue_scan s1, s2;
        if (level == 0) {
            const glue_table *t1 = glue_table_at(free_run, 0), *t2 = glue_table_at(charged, 0);
            assert_int_equal(glue_scan_estimate(t1, &day, 1, &s1, NULL), SIM_OK);
            assert_int_equal(glue_scan_estimate(t2, &day, 1, &s2, NULL), SIM_OK);
            assert_memory_equal(&s1, &s2, sizeof s1);
            assert_int_equal(s2.partitions, 48);
        }
        glue_catalog_free(free_run);
        glue_catalog_free(charged);
    }
    assert_true(sim_budget_work_used(b) > 0);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    s3_free(st);
}

static void test_catalog_memory_counts_toward_the_budget(void **state)
{
    (void)state;
    s3 *st = sensors(7);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glue_catalog *cat = crawl(st, "lake", "readings/", 0, b, NULL);
    assert_non_null(cat);
    /* 168 partitions, each with four values and a location of 60 bytes. */
    size_t held = sim_budget_memory_used(b);
    assert_true(held > 168 * (4 * 8 + 60));
    /* The crawl's working set (files, folders) was bigger, and is gone. */
    assert_true(sim_budget_memory_peak(b) > held);
    glue_catalog_free(cat);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    s3_free(st);
}

static void test_crawl_stops_when_the_budget_is_spent(void **state)
{
    (void)state;
    s3 *st = sensors(7);
    sim_budget *b = sim_budget_new(20000, DEFAULT_MEMORY);
    sim_error err = {0};
    assert_null(crawl(st, "lake", "readings/", 0, b, &err));
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    assert_non_null(strstr(err.message, "the script's work budget ran out crawling s3://lake/"));
    assert_true(sim_budget_spent(b));
    assert_int_equal(sim_budget_memory_used(b), 0);
    /* The store is untouched: a crawl on another budget sees it all. */
    glue_catalog *cat = crawl(st, "lake", "readings/", 0, NULL, NULL);
    assert_int_equal(glue_objects_crawled(cat), 7 * 24);
    glue_catalog_free(cat);
    sim_budget_free(b);
    s3_free(st);
}

static void test_crawl_fails_cleanly_at_the_memory_cap(void **state)
{
    (void)state;
    s3 *st = deep_keys(2000, 100);
    /* One catalog made first, of a corner of the bucket, stays usable. */
    s3 *small = sensors(2);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, 2 << 20);
    glue_catalog *kept = crawl(small, "lake", "readings/", 0, b, NULL);
    assert_non_null(kept);
    size_t held = sim_budget_memory_used(b);
    sim_error err = {0};
    assert_null(crawl(st, "deep", "", 0, b, &err));
    assert_int_equal(err.code, SIM_NO_MEMORY);
    assert_non_null(strstr(err.message, "out of memory: crawling s3://deep/"));
    assert_true(sim_budget_memory_refused(b));
    assert_int_equal(sim_budget_memory_used(b), held);
    /* The earlier catalog still answers, on the same budget. */
    const glue_table *t = glue_table_find(kept, "readings");
    assert_non_null(t);
    glue_predicate day = {"day", "02", "02"};
    glue_scan s;
    assert_int_equal(glue_scan_estimate(t, &day, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 24);
    /* And a crawl that fits still works. */
    glue_catalog *again = crawl(small, "lake", "readings/", 0, b, NULL);
    assert_non_null(again);
    glue_catalog_free(again);
    glue_catalog_free(kept);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    s3_free(small);
    s3_free(st);
}

/* Every cap from nothing to what the crawl needs: each allocation that can
 * fail, fails once, and the crawl gives everything back each time. */
static void test_crawl_fails_cleanly_at_every_memory_cap(void **state)
{
    (void)state;
    s3 *st = sensors(2);
    put(st, "lake", "readings/year=2024/month=01/day=03/hour=00/x.csv", "a,b\nx,1\n", 0);
    sim_budget *probe = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glue_catalog *cat = crawl(st, "lake", "readings/", 0, probe, NULL);
    assert_non_null(cat);
    glue_catalog_free(cat);
    size_t peak = sim_budget_memory_peak(probe);
    sim_budget_free(probe);
    size_t failed = 0;
    for (size_t cap = 0; cap <= peak; cap += 256) {
        sim_budget *b = sim_budget_new(DEFAULT_WORK, cap);
        sim_error err = {0};
        cat = crawl(st, "lake", "readings/", 0, b, &err);
        if (!cat) {
            assert_int_equal(err.code, SIM_NO_MEMORY);
            failed++;
        }
        glue_catalog_free(cat);
        assert_int_equal(sim_budget_memory_used(b), 0);
        sim_budget_free(b);
    }
    assert_true(failed > 10);
    s3_free(st);
}

/* The attack as a script would make it: 20,000 keys of 500 folders, then a
 * crawl, under the default budget. It stops at the memory cap. */
static void test_twenty_thousand_deep_keys_stop_at_the_default_memory_cap(void **state)
{
    (void)state;
    s3 *st = deep_keys(20000, 500);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    sim_error err = {0};
    assert_null(crawl(st, "deep", "", 0, b, &err));
    assert_true(err.code == SIM_NO_MEMORY || err.code == SIM_BUDGET_EXCEEDED);
    print_message("20,000 keys of 500 folders: %s after %llu units, peak %zu MiB\n",
                  sim_status_name(err.code), (unsigned long long)sim_budget_work_used(b),
                  sim_budget_memory_peak(b) >> 20);
    assert_true(sim_budget_memory_peak(b) <= DEFAULT_MEMORY);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    s3_free(st);
}

static void test_schema_inference_is_charged_by_the_byte_and_the_column(void **state)
{
    (void)state;
    /* One object whose first record has 3,000 keys: each key is compared
     * with those before it. */
    s3 *st = store_with("wide");
    size_t cap = 3000 * 16 + 16;
    char *rec = malloc(cap);
    size_t w = 0;
    rec[w++] = '{';
    for (int i = 0; i < 3000; i++)
        w += (size_t)snprintf(rec + w, cap - w, "%s\"k%d\":1", i ? "," : "", i);
    rec[w++] = '}';
    rec[w++] = '\n';
    rec[w] = '\0';
    put(st, "wide", "t/part.json", rec, 0);
    put(st, "wide", "u/part.json", "{\"a\":1}\n", 0);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glue_catalog *cat = crawl(st, "wide", "t/", 0, b, NULL);
    assert_non_null(cat);
    assert_int_equal(glue_table_at(cat, 0)->ncolumns, 3000);
    uint64_t wide = sim_budget_work_used(b);
    glue_catalog_free(cat);
    cat = crawl(st, "wide", "u/", 0, b, NULL);
    uint64_t narrow = sim_budget_work_used(b) - wide;
    glue_catalog_free(cat);
    /* 3,000 columns: about 4.5 M comparisons, paid for. */
    assert_true(wide > narrow + 3000ull * 3000 / 2 / 4);
    /* A budget that cannot pay for them refuses the crawl. */
    sim_budget *tight = sim_budget_new(wide / 2, DEFAULT_MEMORY);
    sim_error err = {0};
    assert_null(crawl(st, "wide", "t/", 0, tight, &err));
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    assert_int_equal(sim_budget_memory_used(tight), 0);
    sim_budget_free(tight);
    free(rec);
    sim_budget_free(b);
    s3_free(st);
}

static void test_scan_stops_when_the_budget_is_spent(void **state)
{
    (void)state;
    s3 *st = sensors(7);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glue_catalog *cat = crawl(st, "lake", "readings/", 0, b, NULL);
    const glue_table *t = glue_table_at(cat, 0);
    uint64_t before = sim_budget_work_used(b);
    glue_scan s;
    assert_int_equal(glue_scan_estimate(t, NULL, 0, &s, NULL), SIM_OK);
    uint64_t one = sim_budget_work_used(b) - before;
    assert_true(one >= 168); /* a unit a partition at least */
    sim_budget_stop(b);
    sim_error err = {0};
    assert_int_equal(glue_scan_estimate(t, NULL, 0, &s, &err), SIM_BUDGET_EXCEEDED);
    assert_non_null(strstr(err.message, "work budget ran out estimating a scan"));
    glue_catalog_free(cat);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    s3_free(st);
}

/* The crawls and scans scenarios/core/scenarios/glue-partitions.lua makes:
 * 12 turbines x 14 days x 24 hours of metadata-only objects in three
 * layouts, two scans each, the key=value bucket and a table-level crawl. */
static void test_the_partitions_scenario_fits_the_default_budget(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    static const char *const layouts[] = {"readings/2024/01/%02d/turbine-%02d/%02d.json",
                                          "readings/turbine-%02d/2024/01/%02d/%02d.json",
                                          "readings/turbine-%02d-2024-01-%02d-%02d.json"};
    glue_catalog *cats[4];
    s3 *stores[3];
    for (int l = 0; l < 3; l++) {
        stores[l] = store_with("lake");
        for (int i = 1; i <= 12; i++)
            for (int d = 1; d <= 14; d++)
                for (int h = 0; h < 24; h++) {
                    char key[96];
                    if (l == 0)
                        snprintf(key, sizeof key, layouts[l], d, i, h);
                    else
                        snprintf(key, sizeof key, layouts[l], i, d, h);
                    put(stores[l], "lake", key, NULL, 25 << 20);
                }
        cats[l] = crawl(stores[l], "lake", "readings/", 0, b, NULL);
        assert_non_null(cats[l]);
        const glue_table *t = glue_table_at(cats[l], 0);
        glue_scan s;
        glue_predicate week[3] = {{NULL, "2024", "2024"}, {NULL, "01", "01"}, {NULL, "08", "14"}};
        for (size_t k = 0; k < t->nkeys && k < 3; k++)
            week[k].key = t->partition_keys[l == 0 ? k : k + 1];
        assert_int_equal(glue_scan_estimate(t, week, t->nkeys >= 4 ? 3 : 0, &s, NULL), SIM_OK);
        glue_predicate dev = {t->nkeys ? t->partition_keys[l == 0 ? 3 : 0] : NULL, "turbine-07",
                              "turbine-07"};
        assert_int_equal(glue_scan_estimate(t, &dev, t->nkeys ? 1 : 0, &s, NULL), SIM_OK);
    }
    cats[3] = crawl(stores[0], "lake", "readings/", 4, b, NULL);
    assert_non_null(cats[3]);
    s3 *hive = store_with("hive");
    for (int d = 1; d <= 2; d++)
        for (int i = 1; i <= 3; i++) {
            char key[96];
            snprintf(key, sizeof key,
                     "readings/year=2024/month=01/day=%02d/device=turbine-%02d/00.json", d, i);
            put(hive, "hive", key,
                "{\"ts\":\"2024-01-01T00:00:00Z\",\"rpm\":12,\"temperature_c\":40,"
                "\"vibration_mm_s\":3}\n",
                0);
        }
    glue_catalog *hcat = crawl(hive, "hive", "readings/", 0, b, NULL);
    assert_non_null(hcat);
    print_message("glue-partitions: %llu units, peak memory %zu KiB\n",
                  (unsigned long long)sim_budget_work_used(b), sim_budget_memory_peak(b) >> 10);
    assert_true(sim_budget_work_used(b) < DEFAULT_WORK / 20);
    glue_catalog_free(hcat);
    for (int i = 0; i < 4; i++)
        glue_catalog_free(cats[i]);
    for (int i = 0; i < 3; i++)
        s3_free(stores[i]);
    s3_free(hive);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crawl_within_budget_is_unchanged),
        cmocka_unit_test(test_catalog_memory_counts_toward_the_budget),
        cmocka_unit_test(test_crawl_stops_when_the_budget_is_spent),
        cmocka_unit_test(test_crawl_fails_cleanly_at_the_memory_cap),
        cmocka_unit_test(test_crawl_fails_cleanly_at_every_memory_cap),
        cmocka_unit_test(test_twenty_thousand_deep_keys_stop_at_the_default_memory_cap),
        cmocka_unit_test(test_schema_inference_is_charged_by_the_byte_and_the_column),
        cmocka_unit_test(test_scan_stops_when_the_budget_is_spent),
        cmocka_unit_test(test_the_partitions_scenario_fits_the_default_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
