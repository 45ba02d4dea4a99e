/* Kinesis reads and resharding against aws-facts.md: iterators, the
 * GetRecords limits (5 calls/s, 10,000 records, 10 MiB and the 5-second
 * penalty, 2 MiB/s), enhanced fan-out (20 consumers, 2 MiB/s each),
 * SplitShard / MergeShards / UpdateShardCount, the per-shard series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"

typedef struct fx {
    sim_clock *clock;
    sim_rng *rng;
    kinesis_record_view *v;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    f->rng = sim_rng_new(1);
    f->v = calloc(10000, sizeof *f->v);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sim_clock_free(f->clock);
    sim_rng_free(f->rng);
    free(f->v);
    free(f);
    return 0;
}

static kinesis_stream *mk(fx *f, int shards)
{
    kinesis_stream_config c = {.name = "reads", .shards = shards};
    return kinesis_stream_new(&c, f->clock, f->rng, NULL);
}

/* Puts n records of `size` bytes (synthetic) into shard 0, 1,000 per
 * simulated second so none is throttled. */
static void fill(fx *f, kinesis_stream *s, int n, size_t size)
{
    kinesis_put p = {.key = "k", .key_len = 1, .data = NULL, .data_len = size};
    kinesis_put_result r;
    for (int i = 0; i < n; i++) {
        if (kinesis_put_record(s, &p, &r, NULL) != SIM_OK) {
            sim_clock_advance(f->clock, 1000);
            assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
        }
    }
    sim_clock_advance(f->clock, 1000);
}

static kinesis_iterator horizon(kinesis_stream *s, int shard)
{
    kinesis_iterator it;
    assert_int_equal(kinesis_get_shard_iterator(s, shard, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL),
                     SIM_OK);
    return it;
}

static void test_latest_iterator_sees_only_new_records(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 3, 10);
    kinesis_iterator it;
    assert_int_equal(kinesis_get_shard_iterator(s, 0, KINESIS_LATEST, NULL, 0, &it, NULL), SIM_OK);
    kinesis_get_result r;
    assert_int_equal(kinesis_get_records(s, &it, 100, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 0);
    fill(f, s, 2, 10);
    assert_int_equal(kinesis_get_records(s, &r.next, 100, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 2);
    kinesis_stream_free(s);
}

static void test_at_and_after_sequence_number(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 5, 10);
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    assert_int_equal(kinesis_get_records(s, &it, 5, f->v, 10000, &r, NULL), SIM_OK);
    char seq[KINESIS_SEQ_LEN];
    kinesis_seq_format(s, 0, f->v[2].seq, seq, sizeof seq);
    kinesis_iterator at, after;
    assert_int_equal(
        kinesis_get_shard_iterator(s, 0, KINESIS_AT_SEQUENCE_NUMBER, seq, 0, &at, NULL), SIM_OK);
    assert_int_equal(
        kinesis_get_shard_iterator(s, 0, KINESIS_AFTER_SEQUENCE_NUMBER, seq, 0, &after, NULL),
        SIM_OK);
    sim_clock_advance(f->clock, 1000);
    assert_int_equal(kinesis_get_records(s, &at, 10, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 3);
    assert_int_equal(kinesis_get_records(s, &after, 10, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 2);
    sim_error err;
    assert_int_equal(
        kinesis_get_shard_iterator(s, 0, KINESIS_AT_SEQUENCE_NUMBER, "123", 0, &at, &err),
        SIM_INVALID_ARGUMENT);
    kinesis_stream_free(s);
}

static void test_sixth_get_records_in_a_second_is_throttled(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 10, 10);
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    for (int i = 0; i < 5; i++)
        assert_int_equal(kinesis_get_records(s, &it, 1, f->v, 10000, &r, NULL), SIM_OK);
    sim_error err;
    assert_int_equal(kinesis_get_records(s, &it, 1, f->v, 10000, &r, &err),
                     SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    sim_clock_advance(f->clock, 1000);
    assert_int_equal(kinesis_get_records(s, &it, 1, f->v, 10000, &r, NULL), SIM_OK);
    kinesis_stream_free(s);
}

static void test_get_records_returns_at_most_ten_thousand(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 12000, 1);
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    sim_error err;
    assert_int_equal(kinesis_get_records(s, &it, 10001, f->v, 10000, &r, &err), SIM_VALIDATION);
    assert_int_equal(kinesis_get_records(s, &it, 10000, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 10000);
    assert_true(r.millis_behind > 0); /* 2,000 records are still ahead */
    kinesis_stream_free(s);
}

static void test_ten_mib_read_blocks_the_shard_for_five_seconds(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 12, 1u << 20); /* 12 records of 1 MiB */
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    sim_error err;
    assert_int_equal(kinesis_get_records(s, &it, 100, f->v, 10000, &r, NULL), SIM_OK);
    assert_true(r.bytes <= (10u << 20));
    assert_int_equal(r.count, 9); /* 10 would pass 10 MiB with their keys */
    sim_clock_advance(f->clock, 4000);
    assert_int_equal(kinesis_get_records(s, &r.next, 100, f->v, 10000, &r, &err),
                     SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    sim_clock_advance(f->clock, 1000);
    kinesis_iterator again = horizon(s, 0);
    assert_int_equal(kinesis_get_records(s, &again, 1, f->v, 10000, &r, NULL), SIM_OK);
    kinesis_stream_free(s);
}

static void test_two_mib_per_second_read_limit(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 3, 1u << 20);
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    assert_int_equal(kinesis_get_records(s, &it, 2, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 2); /* 2 MiB and 2 keys: the second's budget is spent */
    assert_int_equal(kinesis_get_records(s, &r.next, 1, f->v, 10000, &r, NULL),
                     SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    kinesis_stream_free(s);
}

static void test_iterator_expires_after_five_minutes(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    kinesis_iterator it = horizon(s, 0);
    sim_clock_advance(f->clock, 5 * 60 * 1000 + 1);
    kinesis_get_result r;
    sim_error err;
    assert_int_equal(kinesis_get_records(s, &it, 1, f->v, 10000, &r, &err), SIM_EXPIRED_ITERATOR);
    kinesis_stream_free(s);
}

static void test_enhanced_fan_out_limits(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    char name[16];
    sim_error err;
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "c%d", i);
        assert_int_equal(kinesis_register_consumer(s, name, NULL, &err), SIM_OK);
    }
    assert_int_equal(kinesis_register_consumer(s, "c20", NULL, &err), SIM_LIMIT_EXCEEDED);
    assert_int_equal(kinesis_register_consumer(s, "c0", NULL, &err), SIM_RESOURCE_IN_USE);
    fill(f, s, 5, 1000000); /* two fit in 2 MiB with their keys, three do not */
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    /* Each consumer gets its own 2 MiB this second, whatever the others read. */
    for (int c = 0; c < 3; c++) {
        assert_int_equal(kinesis_subscribe_read(s, c, &it, f->v, 10000, &r, NULL), SIM_OK);
        assert_int_equal(r.count, 2);
        assert_int_equal(kinesis_subscribe_read(s, c, &r.next, f->v, 10000, &r, NULL), SIM_OK);
        assert_int_equal(r.count, 0);
    }
    kinesis_stream_free(s);
}

static void test_split_closes_the_parent_and_opens_two_children(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 1);
    fill(f, s, 3, 10);
    kinesis_hash mid = (kinesis_hash)1 << 127;
    sim_error err;
    assert_int_equal(kinesis_split_shard(s, 0, 1, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(kinesis_split_shard(s, 0, mid, &err), SIM_OK);
    kinesis_shard_info p, a, b;
    kinesis_shard_get(s, 0, &p);
    kinesis_shard_get(s, 1, &a);
    kinesis_shard_get(s, 2, &b);
    assert_false(p.open);
    assert_true(a.open && b.open);
    assert_int_equal(a.parent, 0);
    assert_true(a.start == 0 && a.end == mid - 1 && b.start == mid && b.end == KINESIS_HASH_MAX);
    assert_int_equal(kinesis_open_shard_count(s), 2);
    /* The parent stays readable, then says it is finished. */
    kinesis_iterator it = horizon(s, 0);
    kinesis_get_result r;
    assert_int_equal(kinesis_get_records(s, &it, 100, f->v, 10000, &r, NULL), SIM_OK);
    assert_int_equal(r.count, 3);
    assert_false(r.has_next);
    assert_int_equal(kinesis_split_shard(s, 0, mid, &err), SIM_INVALID_ARGUMENT);
    kinesis_stream_free(s);
}

static void test_merge_needs_adjacent_open_shards(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 3);
    sim_error err;
    assert_int_equal(kinesis_merge_shards(s, 0, 2, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(kinesis_merge_shards(s, 1, 2, &err), SIM_OK);
    kinesis_shard_info c;
    kinesis_shard_get(s, 3, &c);
    assert_int_equal(c.parent, 1);
    assert_int_equal(c.adjacent_parent, 2);
    assert_true(c.end == KINESIS_HASH_MAX);
    assert_int_equal(kinesis_merge_shards(s, 1, 0, &err), SIM_INVALID_ARGUMENT); /* closed */
    kinesis_stream_free(s);
}

static void test_update_shard_count_twice_a_day(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 2);
    sim_error err;
    assert_int_equal(kinesis_update_shard_count(s, 5, &err), SIM_LIMIT_EXCEEDED); /* > double */
    assert_int_equal(kinesis_update_shard_count(s, 4, &err), SIM_OK);
    assert_int_equal(kinesis_open_shard_count(s), 4);
    assert_int_equal(kinesis_update_shard_count(s, 2, &err), SIM_OK);
    assert_int_equal(kinesis_update_shard_count(s, 3, &err), SIM_LIMIT_EXCEEDED);
    sim_clock_advance(f->clock, SIM_MS_PER_DAY);
    assert_int_equal(kinesis_update_shard_count(s, 3, &err), SIM_OK);
    /* The new shards are uniform: shard 1 of 3 starts at floor(2^128/3). */
    kinesis_shard_info in;
    kinesis_shard_get(s, kinesis_shard_count(s) - 2, &in);
    kinesis_hash h;
    kinesis_hash_parse("113427455640312821154458202477256070485", &h);
    assert_true(in.start == h);
    kinesis_stream_free(s);
}

static void test_hot_key_throttles_one_shard_while_others_idle(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 4);
    kinesis_producer_config c = {.rate = 3000,
                                 .duration_ms = 10000,
                                 .record_size = 1024,
                                 .keys = 100,
                                 .hot_key_share = 0.8,
                                 .max_retries = 3};
    kinesis_producer_summary sum;
    assert_int_equal(kinesis_produce(s, f->clock, f->rng, &c, &sum, NULL), SIM_OK);
    assert_true(sum.throttled > 0);
    assert_true(sum.retries > 0);
    int hot = kinesis_shard_for_key(s, "key-0", 5);
    for (int i = 0; i < 4; i++) {
        kinesis_shard_totals t;
        kinesis_shard_totals_get(s, i, &t);
        if (i == hot)
            assert_true(t.throttled_writes > 0);
        else
            assert_int_equal(t.throttled_writes, 0);
    }
    /* The hot shard's series never shows more than 1,000 records a second. */
    double v[30];
    kinesis_series_get(s, hot, KINESIS_SERIES_RECORDS_IN, 30, v);
    for (int i = 0; i < 30; i++)
        assert_true(v[i] <= 1000);
    kinesis_stream_free(s);
}

static void test_producer_is_deterministic(void **state)
{
    fx *f = *state;
    kinesis_producer_summary a, b;
    for (int k = 0; k < 2; k++) {
        /* Same seed, same start time: the same run. */
        sim_rng_reseed(f->rng, 99);
        sim_clock_free(f->clock);
        f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
        kinesis_stream *s = mk(f, 2);
        kinesis_producer_config c = {.rate = 2500,
                                     .duration_ms = 5000,
                                     .record_size = 100,
                                     .keys = 10,
                                     .hot_key_share = 0.5,
                                     .max_retries = -1};
        assert_int_equal(kinesis_produce(s, f->clock, f->rng, &c, k ? &b : &a, NULL), SIM_OK);
        kinesis_stream_free(s);
    }
    assert_true(a.delivered == b.delivered && a.throttled == b.throttled &&
                a.dropped == b.dropped && a.max_latency_ms == b.max_latency_ms);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_latest_iterator_sees_only_new_records),
        T(test_at_and_after_sequence_number),
        T(test_sixth_get_records_in_a_second_is_throttled),
        T(test_get_records_returns_at_most_ten_thousand),
        T(test_ten_mib_read_blocks_the_shard_for_five_seconds),
        T(test_two_mib_per_second_read_limit),
        T(test_iterator_expires_after_five_minutes),
        T(test_enhanced_fan_out_limits),
        T(test_split_closes_the_parent_and_opens_two_children),
        T(test_merge_needs_adjacent_open_shards),
        T(test_update_shard_count_twice_a_day),
        T(test_hot_key_throttles_one_shard_while_others_idle),
        T(test_producer_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
