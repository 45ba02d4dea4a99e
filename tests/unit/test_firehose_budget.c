/* Firehose and the S3 store under the script's budget (sim/budget.h):
 * records and bytes are charged before they are taken, buffers and objects
 * count toward the memory cap, and when either runs out the call fails
 * with SIM_BUDGET_EXCEEDED or SIM_NO_MEMORY, the stream and the store
 * consistent and freeable to the last byte; a delivery the store cannot
 * take stays buffered. A generous budget changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/firehose.h"
#include "sim/s3.h"
#include "sim/units.h"
#include "sim_fixture.h"

#define LOTS (UINT64_C(1) << 60)
#define ROOM ((size_t)1 << 40)

static void expect_message(const sim_error *err, const char *needle)
{
    if (!strstr(err->message, needle)) fail_msg("'%s' does not say '%s'", err->message, needle);
}

static s3 *store(sim_budget *b)
{
    s3 *st = s3_new(0);
    assert_non_null(st);
    s3_set_budget(st, b);
    assert_int_equal(s3_create_bucket(st, "orders", NULL), SIM_OK);
    return st;
}

static firehose_stream *hose(fx *f, s3 *st, sim_budget *b)
{
    firehose_config c = {
        .name = "PurchaseLogs", .bucket = "orders", .size_bytes = SIM_MB, .budget = b};
    sim_error err = {0};
    firehose_stream *h = firehose_new(&c, f->clock, f->rng, st, &err);
    if (!h) fail_msg("%s", err.message);
    return h;
}

/* Puts n batches of 100 records of 1,000 bytes, a second apart. */
static sim_status put_batches(fx *f, firehose_stream *h, int n, size_t *failed, sim_error *err)
{
    static char data[1000];
    memset(data, 'r', sizeof data);
    firehose_record recs[100];
    for (int i = 0; i < 100; i++)
        recs[i] = (firehose_record){data, sizeof data};
    for (int k = 0; k < n; k++) {
        sim_status st = firehose_put_record_batch(h, recs, 100, failed, err);
        if (st != SIM_OK) return st;
        sim_clock_advance(f->clock, 1000);
    }
    return SIM_OK;
}

static void test_firehose_put_stops_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(20000, ROOM);
    s3 *st = store(b);
    firehose_stream *h = hose(f, st, b);
    size_t failed = 0;
    sim_error err = {0};
    assert_int_equal(put_batches(f, h, 1000, &failed, &err), SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out putting records into delivery "
                         "stream PurchaseLogs");
    assert_int_equal(failed, 100);
    firehose_stats fs;
    firehose_stats_get(h, &fs);
    assert_true(fs.records_in > 0 && fs.records_in % 100 == 0);
    assert_int_equal(fs.records_in, fs.buffered_records + fs.bytes_delivered / 1000);
    assert_int_equal(firehose_put_record(h, "x", 1, &err), SIM_BUDGET_EXCEEDED);
    firehose_free(h);
    s3_free(st);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_firehose_within_budget_is_unchanged(void **state)
{
    (void)state;
    firehose_stats fs[2];
    uint64_t keys[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
        sim_rng *rng = sim_rng_new(5);
        fx g = {clock, rng};
        sim_budget *b = k ? sim_budget_new(LOTS, ROOM) : NULL;
        s3 *st = store(b);
        firehose_stream *h = hose(&g, st, b);
        size_t failed;
        assert_int_equal(put_batches(&g, h, 200, &failed, NULL), SIM_OK);
        sim_clock_advance(clock, 600000);
        assert_int_equal(firehose_tick(h), SIM_OK);
        firehose_stats_get(h, &fs[k]);
        for (size_t i = 0; i < s3_object_count(st, "orders"); i++) {
            s3_object_info o;
            assert_true(s3_object_at(st, "orders", i, &o));
            for (const char *p = o.key; *p; p++)
                keys[k] = (keys[k] ^ (uint8_t)*p) * 1099511628211u;
            keys[k] += o.size + (uint64_t)o.last_modified_ms + (o.data ? o.data[0] : 0);
        }
        firehose_free(h);
        s3_free(st);
        if (b) {
            assert_true(sim_budget_work_used(b) > 0);
            assert_int_equal(sim_budget_memory_used(b), 0);
            sim_budget_free(b);
        }
        sim_rng_free(rng);
        sim_clock_free(clock);
    }
    assert_true(fs[0].objects >= 19);
    assert_memory_equal(&fs[0], &fs[1], sizeof fs[0]);
    assert_true(keys[0] == keys[1]);
}

static void test_firehose_memory_counts_toward_the_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, ROOM);
    s3 *st = store(b);
    firehose_stream *h = hose(f, st, b);
    size_t empty = sim_budget_memory_used(b);
    size_t failed;
    /* Five deliveries of 1 MB: the objects and the buffer are counted. */
    assert_int_equal(put_batches(f, h, 55, &failed, NULL), SIM_OK);
    assert_true(sim_budget_memory_used(b) > empty + 5 * 1000000);
    firehose_free(h);
    assert_true(sim_budget_memory_used(b) > 5 * 1000000);
    s3_free(st);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_firehose_put_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    fx *f = *state;
    /* The buffer starts at 64 KiB: a 40 KiB cap cannot hold it. */
    sim_budget *b = sim_budget_new(LOTS, 40 << 10);
    s3 *st = store(b);
    firehose_stream *h = hose(f, st, b);
    size_t failed = 0;
    sim_error err = {0};
    assert_int_equal(put_batches(f, h, 1, &failed, &err), SIM_NO_MEMORY);
    expect_message(&err, "out of memory: buffering records in delivery stream PurchaseLogs");
    expect_message(&err, "the script may hold 40 KiB");
    assert_int_equal(failed, 100);
    firehose_stats fs;
    firehose_stats_get(h, &fs);
    assert_int_equal(fs.records_in, 0);
    assert_int_equal(fs.buffered_records, 0);
    firehose_free(h);
    s3_free(st);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_delivery_the_store_cannot_take_stays_buffered(void **state)
{
    fx *f = *state;
    /* Room for the buffer (2 MiB once past the 1 MiB hint), not for its
     * copy in S3 as well. */
    sim_budget *b = sim_budget_new(LOTS, (size_t)5 << 19);
    s3 *st = store(b);
    firehose_stream *h = hose(f, st, b);
    size_t failed = 0;
    sim_error err = {0};
    assert_int_equal(put_batches(f, h, 20, &failed, &err), SIM_NO_MEMORY);
    expect_message(&err, "out of memory: putting an object into S3 bucket orders");
    firehose_stats fs;
    firehose_stats_get(h, &fs);
    assert_int_equal(fs.objects, 0);
    assert_true(fs.buffered_records > 0);
    assert_int_equal(fs.records_in, fs.buffered_records);
    /* The records the batch could not take are the ones it says. */
    assert_int_equal(fs.records_in % 100, 100 - failed);
    assert_int_equal(s3_object_count(st, "orders"), 0);
    assert_int_equal(firehose_tick(h), SIM_OK); /* nothing due yet */
    sim_clock_advance(f->clock, 600000);
    assert_int_equal(firehose_tick(h), SIM_NO_MEMORY);
    firehose_stats_get(h, &fs);
    assert_true(fs.buffered_records > 0);
    firehose_free(h);
    s3_free(st);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

/* --- S3 ---------------------------------------------------------------------- */

static void test_s3_put_stops_when_the_budget_is_spent(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(100000, ROOM);
    s3 *st = store(b);
    char key[32];
    sim_error err = {0};
    sim_status s = SIM_OK;
    size_t n = 0;
    while (s == SIM_OK && n < 1000000) {
        snprintf(key, sizeof key, "k/%08zu", n);
        s = s3_put_object(st, "orders", key, "abc", 3, 0, &err);
        n += s == SIM_OK;
    }
    assert_int_equal(s, SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out putting objects into S3 bucket orders");
    assert_int_equal(s3_object_count(st, "orders"), n);
    s3_object_info o;
    assert_true(s3_object_get(st, "orders", "k/00000000", &o));
    /* A listing stops short once the budget is spent. */
    assert_true(s3_list(st, "orders", "k/", NULL, NULL) < n);
    s3_free(st);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_s3_put_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(LOTS, (size_t)1 << 20);
    s3 *st = store(b);
    static char data[100 << 10];
    memset(data, 'o', sizeof data);
    char key[32];
    sim_error err = {0};
    sim_status s = SIM_OK;
    size_t n = 0;
    while (s == SIM_OK) {
        /* Keys that sort first, so each put moves the others up. */
        snprintf(key, sizeof key, "k/%08zu", 1000 - n);
        s = s3_put_object(st, "orders", key, data, sizeof data, (int64_t)n, &err);
        n += s == SIM_OK;
    }
    assert_int_equal(s, SIM_NO_MEMORY);
    expect_message(&err, "out of memory: putting an object into S3 bucket orders");
    assert_true(n >= 5 && n <= 10);
    assert_int_equal(s3_object_count(st, "orders"), n);
    assert_int_equal(s3_bucket_bytes(st, "orders"), n * sizeof data);
    for (size_t i = 0; i < n; i++) {
        s3_object_info o;
        assert_true(s3_object_at(st, "orders", i, &o));
        assert_non_null(o.data);
        assert_int_equal(o.last_modified_ms, (int64_t)(n - 1 - i));
    }
    /* Metadata-only objects still fit. */
    assert_int_equal(s3_put_object(st, "orders", "meta", NULL, 1 << 30, 0, &err), SIM_OK);
    s3_free(st);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_s3_puts_that_sort_first_cost_more(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(LOTS, ROOM);
    s3 *st = store(b);
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "m/%08d", i);
        assert_int_equal(s3_put_object(st, "orders", key, NULL, 10, 0, NULL), SIM_OK);
    }
    uint64_t before = sim_budget_work_used(b);
    assert_int_equal(s3_put_object(st, "orders", "z", NULL, 10, 0, NULL), SIM_OK);
    uint64_t last = sim_budget_work_used(b) - before;
    before = sim_budget_work_used(b);
    assert_int_equal(s3_put_object(st, "orders", "a", NULL, 10, 0, NULL), SIM_OK);
    uint64_t first = sim_budget_work_used(b) - before;
    assert_true(first > last + 1000);
    s3_free(st);
    sim_budget_free(b);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_firehose_put_stops_when_the_budget_is_spent),
        T(test_firehose_within_budget_is_unchanged),
        T(test_firehose_memory_counts_toward_the_budget),
        T(test_firehose_put_fails_cleanly_when_memory_cap_is_reached),
        T(test_delivery_the_store_cannot_take_stays_buffered),
        T(test_s3_put_stops_when_the_budget_is_spent),
        T(test_s3_put_fails_cleanly_when_memory_cap_is_reached),
        T(test_s3_puts_that_sort_first_cost_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
