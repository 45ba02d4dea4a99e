/* Glue crawlers against the Glue developer guide's own examples ("How does
 * a crawler determine when to create partitions?", "Specifying the table
 * location and partitioning level") and aws-facts.md: key=value folders
 * name their keys, plain folders are partition_0.., similar schemas merge
 * into one table and dissimilar ones do not, the table level, schemas read
 * from JSON and CSV, Firehose's extensionless objects, and what partition
 * predicates leave to read and list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/firehose.h"
#include "sim/glue.h"

static void put(s3 *st, const char *bucket, const char *key, const char *data)
{
    assert_int_equal(s3_put_object(st, bucket, key, data, strlen(data), 0, NULL), SIM_OK);
}

static s3 *store_with(const char *bucket)
{
    s3 *st = s3_new(0);
    assert_int_equal(s3_create_bucket(st, bucket, NULL), SIM_OK);
    return st;
}

static glue_catalog *crawl(s3 *st, const char *bucket, const char *path, int level)
{
    glue_crawl_config cfg = {.bucket = bucket, .path = path, .table_level = level};
    sim_error err = {0};
    glue_catalog *cat = glue_crawl(st, &cfg, &err);
    if (!cat) fail_msg("%s", err.message);
    return cat;
}

static void test_hive_folders_name_the_keys(void **state)
{
    (void)state;
    /* The guide's example: Sales/year=2019/month=Jan|Feb/day=1|2, JSON
     * files of one schema: one table, keys year, month, day, 4 partitions. */
    s3 *st = store_with("sales");
    const char *months[] = {"Jan", "Feb"};
    for (int m = 0; m < 2; m++)
        for (int d = 1; d <= 2; d++)
            for (int f = 0; f < 2; f++) {
                char key[96];
                snprintf(key, sizeof key, "Sales/year=2019/month=%s/day=%d/part-%d.json", months[m],
                         d, f);
                put(st, "sales", key, "{\"order\": 1, \"amount\": 9.5, \"store\": \"x\"}\n");
            }
    glue_catalog *cat = crawl(st, "sales", "Sales/", 0);
    assert_int_equal(glue_table_count(cat), 1);
    const glue_table *t = glue_table_at(cat, 0);
    assert_string_equal(t->name, "sales");
    assert_string_equal(t->location, "s3://sales/Sales/");
    assert_string_equal(t->classification, "json");
    assert_int_equal(t->nkeys, 3);
    assert_string_equal(t->partition_keys[0], "year");
    assert_string_equal(t->partition_keys[1], "month");
    assert_string_equal(t->partition_keys[2], "day");
    assert_int_equal(t->npartitions, 4);
    assert_int_equal(t->objects, 8);
    assert_int_equal(t->partitions[0].objects, 2);
    assert_string_equal(t->partitions[0].values[0], "2019");
    assert_int_equal(t->ncolumns, 3);
    assert_string_equal(t->columns[0], "order");
    assert_int_equal(glue_objects_crawled(cat), 8);
    glue_catalog_free(cat);
    s3_free(st);
}

static void test_similar_tables_merge_unless_a_table_level_says_otherwise(void **state)
{
    (void)state;
    /* The guide's second example: folder1/table1/partition1..3 and
     * folder1/table2/partition4..5, similar schemas, include path folder1:
     * one table with two partition columns. */
    s3 *st = store_with("bucket01");
    const char *paths[] = {"table1/partition1", "table1/partition2", "table1/partition3",
                           "table2/partition4", "table2/partition5"};
    for (int i = 0; i < 5; i++) {
        char key[96];
        snprintf(key, sizeof key, "folder1/%s/file.csv", paths[i]);
        put(st, "bucket01", key, "id,name\n1,a\n");
    }
    glue_catalog *cat = crawl(st, "bucket01", "folder1/", 0);
    assert_int_equal(glue_table_count(cat), 1);
    const glue_table *t = glue_table_at(cat, 0);
    assert_string_equal(t->name, "folder1");
    assert_int_equal(t->nkeys, 2);
    assert_string_equal(t->partition_keys[0], "partition_0");
    assert_string_equal(t->partition_keys[1], "partition_1");
    assert_int_equal(t->npartitions, 5);
    assert_string_equal(t->partitions[4].values[0], "table2");
    assert_string_equal(t->partitions[4].values[1], "partition5");
    glue_catalog_free(cat);
    /* Table level 2 (folder1 is level 1): a table per folder at level 2. */
    cat = crawl(st, "bucket01", "folder1/", 2);
    assert_int_equal(glue_table_count(cat), 2);
    assert_non_null(glue_table_find(cat, "table1"));
    const glue_table *t2 = glue_table_find(cat, "table2");
    assert_non_null(t2);
    assert_string_equal(t2->location, "s3://bucket01/folder1/table2/");
    assert_int_equal(t2->nkeys, 1);
    assert_int_equal(t2->npartitions, 2);
    glue_catalog_free(cat);
    s3_free(st);
}

static void test_dissimilar_data_makes_separate_tables(void **state)
{
    (void)state;
    s3 *st = store_with("lake");
    for (int i = 0; i < 3; i++) {
        char key[64];
        snprintf(key, sizeof key, "orders/2024/0%d/o.json", i + 1);
        put(st, "lake", key, "{\"invoice\": \"536365\", \"qty\": 6, \"price\": 2.55}\n");
        snprintf(key, sizeof key, "Sensor-Data/2024/0%d/s.csv", i + 1);
        put(st, "lake", key, "device,temp,humidity\nd1,21.5,40\n");
    }
    glue_catalog *cat = crawl(st, "lake", "", 0);
    assert_int_equal(glue_table_count(cat), 2);
    const glue_table *o = glue_table_find(cat, "orders");
    const glue_table *s = glue_table_find(cat, "sensor_data"); /* lowercased, '-' -> '_' */
    assert_non_null(o);
    assert_non_null(s);
    assert_string_equal(o->classification, "json");
    assert_string_equal(s->classification, "csv");
    assert_int_equal(s->ncolumns, 3);
    assert_string_equal(s->columns[1], "temp");
    assert_int_equal(s->nkeys, 2);
    glue_catalog_free(cat);
    s3_free(st);
}

static void test_schemas_from_names_and_bytes(void **state)
{
    (void)state;
    s3 *st = store_with("bkt");
    /* Firehose's objects have no extension: JSON lines are read as JSON. */
    put(st, "bkt", "fh/2024/11/26/10/PurchaseLogs-1-2024-11-26-10-00-00-abc",
        "{\"InvoiceNo\":\"536365\",\"Country\":\"United Kingdom\"}\n{\"InvoiceNo\":\"1\"}\n");
    put(st, "bkt", "fh/2024/11/26/11/PurchaseLogs-1-2024-11-26-11-00-00-abd",
        "{\"InvoiceNo\":\"536366\",\"Country\":\"France\"}\n");
    put(st, "bkt", "noheader/a.csv", "1,ann,2\n2,bob,3\n");
    put(st, "bkt", "gz/a.json.gz", "not readable as text");
    assert_int_equal(s3_put_object(st, "bkt", "pq/x.snappy.parquet", NULL, 5000, 0, NULL), SIM_OK);
    glue_catalog *cat = crawl(st, "bkt", "fh/", 0);
    const glue_table *t = glue_table_at(cat, 0);
    assert_string_equal(t->classification, "json");
    assert_int_equal(t->nkeys, 4);
    assert_string_equal(t->columns[0], "invoiceno"); /* lowercased */
    assert_int_equal(t->npartitions, 2);
    assert_string_equal(t->partitions[1].values[3], "11");
    glue_catalog_free(cat);
    cat = crawl(st, "bkt", "noheader/", 0);
    t = glue_table_at(cat, 0);
    assert_string_equal(t->classification, "csv");
    assert_int_equal(t->ncolumns, 3);
    assert_string_equal(t->columns[0], "col0");
    glue_catalog_free(cat);
    cat = crawl(st, "bkt", "gz/", 0);
    t = glue_table_at(cat, 0);
    assert_string_equal(t->classification, "json");
    assert_string_equal(t->compression, "gzip");
    assert_int_equal(t->ncolumns, 0);
    glue_catalog_free(cat);
    cat = crawl(st, "bkt", "pq/", 0);
    t = glue_table_at(cat, 0);
    assert_string_equal(t->classification, "parquet");
    assert_string_equal(t->compression, "snappy");
    glue_catalog_free(cat);
    s3_free(st);
}

static void test_seventy_percent_of_columns_make_schemas_similar(void **state)
{
    (void)state;
    /* Two folders whose columns overlap 7 of 10 merge; 6 of 10 do not. */
    for (int shared = 7; shared >= 6; shared--) {
        s3 *st = store_with("bkt");
        char a[256] = "{", b[256] = "{";
        /* a is c0.., b is ..c9: `shared` in common, 10 in all. */
        int na = shared + (10 - shared) / 2, nb = 10 - na + shared;
        for (int i = 0; i < na; i++) {
            char col[32];
            snprintf(col, sizeof col, "%s\"c%d\": 1", i ? ", " : "", i);
            strcat(a, col);
        }
        strcat(a, "}\n");
        for (int i = 10 - nb; i < 10; i++) {
            char col[32];
            snprintf(col, sizeof col, "%s\"c%d\": 1", i > 10 - nb ? ", " : "", i);
            strcat(b, col);
        }
        strcat(b, "}\n");
        put(st, "bkt", "d/x/a.json", a);
        put(st, "bkt", "d/y/b.json", b);
        glue_catalog *cat = crawl(st, "bkt", "d/", 0);
        /* Two subfolders: "most" of two is both, so only similar ones merge. */
        assert_int_equal(glue_table_count(cat), shared == 7 ? 1 : 2);
        glue_catalog_free(cat);
        s3_free(st);
    }
}

/* Sensor readings every hour for 3 days from 4 devices, in one layout or
 * the other. */
static s3 *sensors(bool time_first)
{
    s3 *st = store_with("iot");
    for (int day = 1; day <= 3; day++)
        for (int dev = 1; dev <= 4; dev++)
            for (int h = 0; h < 24; h++) {
                char key[96];
                if (time_first)
                    snprintf(key, sizeof key, "readings/2024/11/%02d/device-%d/%02d.json", day, dev,
                             h);
                else
                    snprintf(key, sizeof key, "readings/device-%d/2024/11/%02d/%02d.json", dev, day,
                             h);
                assert_int_equal(s3_put_object(st, "iot", key, NULL, 1000, 0, NULL), SIM_OK);
            }
    return st;
}

static void test_leading_predicates_prune_prefixes(void **state)
{
    (void)state;
    s3 *tf = sensors(true), *df = sensors(false);
    glue_catalog *ct = crawl(tf, "iot", "readings/", 0), *cd = crawl(df, "iot", "readings/", 0);
    const glue_table *t = glue_table_at(ct, 0), *d = glue_table_at(cd, 0);
    assert_int_equal(t->nkeys, 4);
    assert_int_equal(t->npartitions, 12);
    assert_int_equal(d->npartitions, 12);
    glue_scan s;
    /* By device: the same partitions and bytes either way, but the
     * time-first layout lists every date folder to find the device. */
    glue_predicate by_dev_t = {"partition_3", "device-2", "device-2"};
    glue_predicate by_dev_d = {"partition_0", "device-2", "device-2"};
    assert_int_equal(glue_scan_estimate(t, &by_dev_t, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 3);
    assert_int_equal(s.bytes, 3 * 24 * 1000);
    size_t time_first_listings = s.listings;
    assert_int_equal(glue_scan_estimate(d, &by_dev_d, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 3);
    assert_int_equal(s.bytes, 3 * 24 * 1000);
    assert_true(s.listings < time_first_listings);
    /* root + 1 year + 1 month + 3 days listed, then 3 device folders. */
    assert_int_equal(time_first_listings, 1 + 1 + 1 + 3 + 3);
    /* root, device-2, its year, its month, then 3 day folders. */
    assert_int_equal(s.listings, 1 + 1 + 1 + 1 + 3);
    assert_int_equal(s.listings_all, 1 + 4 + 4 + 4 + 12);
    /* By a day: the time-first layout goes straight there. */
    glue_predicate day_t = {"partition_2", "02", "02"};
    glue_predicate day_d = {"partition_3", "02", "02"};
    assert_int_equal(glue_scan_estimate(t, &day_t, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 4);
    size_t t_day = s.listings;
    assert_int_equal(glue_scan_estimate(d, &day_d, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 4);
    assert_true(t_day < s.listings);
    /* A range, open at one end; numbers compare as numbers, and "02" and
     * "2" are two values, "02" first. */
    glue_predicate from2 = {"partition_2", "02", NULL};
    assert_int_equal(glue_scan_estimate(t, &from2, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 8);
    from2.lo = "2";
    assert_int_equal(glue_scan_estimate(t, &from2, 1, &s, NULL), SIM_OK);
    assert_int_equal(s.partitions, 4); /* day 03 only */
    sim_error err = {0};
    glue_predicate bad = {"month", "1", "1"};
    assert_int_equal(glue_scan_estimate(t, &bad, 1, &s, &err), SIM_INVALID_PARAMETER_VALUE);
    assert_non_null(strstr(err.message, "no partition key month"));
    glue_catalog_free(ct);
    glue_catalog_free(cd);
    s3_free(tf);
    s3_free(df);
}

static void test_bad_crawls(void **state)
{
    (void)state;
    s3 *st = store_with("bkt");
    sim_error err = {0};
    glue_crawl_config cfg = {.bucket = "nope", .path = ""};
    assert_null(glue_crawl(st, &cfg, &err));
    assert_int_equal(err.code, SIM_RESOURCE_NOT_FOUND);
    cfg = (glue_crawl_config){.bucket = "bkt", .path = "", .table_level = -1};
    assert_null(glue_crawl(st, &cfg, &err));
    glue_catalog *cat = crawl(st, "bkt", "empty/", 0);
    assert_int_equal(glue_table_count(cat), 0);
    glue_catalog_free(cat);
    /* month=1 and month=01 are two partitions, "01" first. */
    put(st, "bkt", "m/month=1/f.json", "{\"a\": 1}\n");
    put(st, "bkt", "m/month=01/f.json", "{\"a\": 1}\n");
    put(st, "bkt", "m/month=10/f.json", "{\"a\": 1}\n");
    cat = crawl(st, "bkt", "m/", 0);
    const glue_table *mt = glue_table_at(cat, 0);
    assert_int_equal(mt->npartitions, 3);
    assert_string_equal(mt->partitions[0].values[0], "01");
    assert_string_equal(mt->partitions[1].values[0], "1");
    assert_string_equal(mt->partitions[2].values[0], "10");
    glue_catalog_free(cat);
    /* At table level 2, 2023/01 and 2024/01 are two tables named 01: the
     * second gets a suffix. */
    put(st, "bkt", "y/2023/01/f.json", "{\"a\": 1}\n");
    put(st, "bkt", "y/2024/01/f.json", "{\"a\": 1}\n");
    cat = crawl(st, "bkt", "y/", 3);
    assert_int_equal(glue_table_count(cat), 2);
    assert_string_equal(glue_table_at(cat, 0)->name, "01");
    assert_true(strncmp(glue_table_at(cat, 1)->name, "01_", 3) == 0);
    assert_int_equal(strlen(glue_table_at(cat, 1)->name), 11);
    glue_catalog_free(cat);
    /* A key named twice falls back to its position's name. */
    put(st, "bkt", "twice/year=2023/x/year=2024/f.json", "{\"a\": 1}\n");
    cat = crawl(st, "bkt", "twice/", 0);
    const glue_table *t = glue_table_at(cat, 0);
    assert_int_equal(t->nkeys, 3);
    assert_string_equal(t->partition_keys[0], "year");
    assert_string_equal(t->partition_keys[2], "partition_2");
    glue_predicate p = {"partition_2", "2024", "2024"};
    glue_scan sc;
    assert_int_equal(glue_scan_estimate(t, &p, 1, &sc, NULL), SIM_OK);
    assert_int_equal(sc.partitions, 1);
    glue_catalog_free(cat);
    s3_free(st);
}

static void test_a_crawler_reads_what_firehose_delivered(void **state)
{
    (void)state;
    /* Issue 4's promise: Firehose's yyyy/mm/dd/HH objects are a table a
     * crawler can make: four partition keys, JSON columns, a partition an
     * hour. */
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    s3 *st = store_with("cadabra-orders");
    firehose_config fc = {.name = "PurchaseLogs",
                          .bucket = "cadabra-orders",
                          .prefix = "orders/",
                          .interval_ms = 60000};
    firehose_stream *h = firehose_new(&fc, clock, rng, st, NULL);
    assert_non_null(h);
    for (int minute = 0; minute < 180; minute++) {
        char rec[96];
        snprintf(rec, sizeof rec, "{\"InvoiceNo\":\"%d\",\"Quantity\":\"%d\"}\n", 536365 + minute,
                 minute % 7 + 1);
        assert_int_equal(firehose_put_record(h, rec, strlen(rec), NULL), SIM_OK);
        sim_clock_advance(clock, 60000);
        firehose_tick(h);
    }
    sim_clock_advance(clock, 600000);
    firehose_tick(h);
    glue_catalog *cat = crawl(st, "cadabra-orders", "orders/", 0);
    assert_int_equal(glue_table_count(cat), 1);
    const glue_table *t = glue_table_at(cat, 0);
    assert_string_equal(t->name, "orders");
    assert_string_equal(t->classification, "json");
    assert_int_equal(t->nkeys, 4);
    assert_string_equal(t->partition_keys[3], "partition_3");
    assert_int_equal(t->npartitions, 3); /* three hours of deliveries */
    assert_int_equal(t->ncolumns, 2);
    assert_string_equal(t->columns[0], "invoiceno");
    firehose_stats fs;
    firehose_stats_get(h, &fs);
    assert_int_equal(t->objects, fs.objects);
    assert_int_equal(t->bytes, fs.bytes_delivered);
    glue_predicate hour = {"partition_3", "01", "01"};
    glue_scan sc;
    assert_int_equal(glue_scan_estimate(t, &hour, 1, &sc, NULL), SIM_OK);
    assert_int_equal(sc.partitions, 1);
    assert_true(sc.bytes * 2 < t->bytes);
    glue_catalog_free(cat);
    firehose_free(h);
    s3_free(st);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hive_folders_name_the_keys),
        cmocka_unit_test(test_similar_tables_merge_unless_a_table_level_says_otherwise),
        cmocka_unit_test(test_dissimilar_data_makes_separate_tables),
        cmocka_unit_test(test_schemas_from_names_and_bytes),
        cmocka_unit_test(test_seventy_percent_of_columns_make_schemas_similar),
        cmocka_unit_test(test_leading_predicates_prune_prefixes),
        cmocka_unit_test(test_bad_crawls),
        cmocka_unit_test(test_a_crawler_reads_what_firehose_delivered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
