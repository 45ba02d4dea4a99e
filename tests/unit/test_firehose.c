/* Firehose against aws-facts.md: buffering hints 1-128 MiB (default 5) and
 * 60-900 s (default 300), either triggers delivery to S3 under
 * yyyy/mm/dd/HH/; PutRecordBatch 500 records, 1,000 KiB each, 4 MiB. Also
 * the small S3 store it writes to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/firehose.h"
#include "sim/s3.h"
#include "sim/units.h"

typedef struct fx {
    sim_clock *clock;
    sim_rng *rng;
    s3 *store;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS); /* 2024-01-01T00:00:00Z */
    f->rng = sim_rng_new(1);
    f->store = s3_new(0);
    assert_int_equal(s3_create_bucket(f->store, "orders", NULL), SIM_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    s3_free(f->store);
    sim_rng_free(f->rng);
    sim_clock_free(f->clock);
    free(f);
    return 0;
}

static firehose_stream *mk(fx *f, uint64_t size, int64_t interval_ms)
{
    firehose_config c = {
        .name = "PurchaseLogs", .bucket = "orders", .size_bytes = size, .interval_ms = interval_ms};
    sim_error err = {0};
    firehose_stream *h = firehose_new(&c, f->clock, f->rng, f->store, &err);
    if (!h) fail_msg("%s", err.message);
    return h;
}

static void test_buffering_hint_ranges(void **state)
{
    fx *f = *state;
    firehose_config c = {.name = "x", .bucket = "orders"};
    sim_error err;
    c.size_bytes = 128 * SIM_MB + 1;
    assert_null(firehose_new(&c, f->clock, f->rng, f->store, &err));
    assert_non_null(strstr(err.message, "SizeInMBs"));
    c.size_bytes = SIM_MB - 1;
    assert_null(firehose_new(&c, f->clock, f->rng, f->store, &err));
    c.size_bytes = 0;
    c.interval_ms = 59000;
    assert_null(firehose_new(&c, f->clock, f->rng, f->store, &err));
    assert_non_null(strstr(err.message, "IntervalInSeconds"));
    c.interval_ms = 901000;
    assert_null(firehose_new(&c, f->clock, f->rng, f->store, &err));
    c.interval_ms = 0;
    c.bucket = "missing";
    assert_null(firehose_new(&c, f->clock, f->rng, f->store, &err));
}

static void test_interval_triggers_delivery_under_the_hour_prefix(void **state)
{
    fx *f = *state;
    firehose_stream *h = mk(f, 0, 0); /* defaults: 5 MiB, 300 s */
    assert_int_equal(firehose_put_record(h, "a\n", 2, NULL), SIM_OK);
    sim_clock_advance(f->clock, 299 * 1000);
    firehose_tick(h);
    assert_int_equal(s3_object_count(f->store, "orders"), 0);
    sim_clock_advance(f->clock, 1000);
    firehose_tick(h);
    assert_int_equal(s3_object_count(f->store, "orders"), 1);
    s3_object_info o;
    assert_true(s3_object_at(f->store, "orders", 0, &o));
    assert_int_equal(strncmp(o.key, "2024/01/01/00/PurchaseLogs-1-2024-01-01-00-05-00-", 49), 0);
    assert_int_equal(o.size, 2);
    assert_memory_equal(o.data, "a\n", 2);
    firehose_free(h);
}

static void test_size_triggers_delivery_before_the_interval(void **state)
{
    fx *f = *state;
    firehose_stream *h = mk(f, SIM_MB, 900 * 1000);
    static char rec[1000];
    memset(rec, 'x', sizeof rec);
    /* 1,048 records of 1,000 bytes stay under 1 MiB; the 1,049th reaches it. */
    for (int i = 0; i < 1048; i++)
        assert_int_equal(firehose_put_record(h, rec, 1000, NULL), SIM_OK);
    assert_int_equal(s3_object_count(f->store, "orders"), 0);
    assert_int_equal(firehose_put_record(h, rec, 1000, NULL), SIM_OK);
    assert_int_equal(s3_object_count(f->store, "orders"), 1);
    firehose_stats st;
    firehose_stats_get(h, &st);
    assert_int_equal(st.by_size, 1);
    assert_int_equal(st.by_interval, 0);
    assert_int_equal(st.bytes_delivered, 1049000);
    firehose_free(h);
}

static void test_put_record_batch_limits(void **state)
{
    fx *f = *state;
    firehose_stream *h = mk(f, 0, 0);
    firehose_record *r = calloc(501, sizeof *r);
    static char big[1024 * 1000 + 1];
    for (int i = 0; i < 501; i++)
        r[i] = (firehose_record){"x", 1};
    size_t failed;
    sim_error err;
    assert_int_equal(firehose_put_record_batch(h, r, 501, &failed, &err), SIM_VALIDATION);
    assert_int_equal(firehose_put_record_batch(h, r, 500, &failed, &err), SIM_OK);
    assert_int_equal(failed, 0);
    r[0] = (firehose_record){big, sizeof big}; /* 1,000 KiB + 1 */
    assert_int_equal(firehose_put_record_batch(h, r, 1, &failed, &err), SIM_VALIDATION);
    /* Five records of 1,000 KiB are 5,120,000 bytes: over 4 MiB. */
    for (int i = 0; i < 5; i++)
        r[i] = (firehose_record){big, 1024 * 1000};
    assert_int_equal(firehose_put_record_batch(h, r, 5, &failed, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(firehose_put_record_batch(h, r, 4, &failed, &err), SIM_OK);
    free(r);
    firehose_free(h);
}

static void test_s3_lists_in_key_order_by_prefix(void **state)
{
    fx *f = *state;
    sim_error err;
    assert_int_equal(s3_create_bucket(f->store, "Bad_Name", &err), SIM_INVALID_ARGUMENT);
    s3_put_object(f->store, "orders", "2024/01/02/b", "bb", 2, 0, NULL);
    s3_put_object(f->store, "orders", "2024/01/01/a", "a", 1, 0, NULL);
    s3_put_object(f->store, "orders", "2024/01/02/a", NULL, 500, 0, NULL);
    assert_int_equal(s3_object_count(f->store, "orders"), 3);
    assert_int_equal(s3_list(f->store, "orders", "2024/01/02/", NULL, NULL), 2);
    s3_object_info o;
    assert_true(s3_object_at(f->store, "orders", 0, &o));
    assert_string_equal(o.key, "2024/01/01/a");
    assert_true(s3_object_get(f->store, "orders", "2024/01/02/a", &o));
    assert_null(o.data); /* metadata only */
    assert_int_equal(s3_bucket_bytes(f->store, "orders"), 503);
    assert_int_equal(s3_put_object(f->store, "nope", "k", "x", 1, 0, &err), SIM_RESOURCE_NOT_FOUND);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_buffering_hint_ranges),
        T(test_interval_triggers_delivery_under_the_hour_prefix),
        T(test_size_triggers_delivery_before_the_interval),
        T(test_put_record_batch_limits),
        T(test_s3_lists_in_key_order_by_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
