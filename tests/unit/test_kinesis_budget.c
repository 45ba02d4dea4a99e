/* Kinesis under the script's budget (sim/budget.h): the stream, the
 * producer model and the polling consumer charge their work before doing
 * it and keep their memory under the cap, stop with SIM_BUDGET_EXCEEDED or
 * SIM_NO_MEMORY when it runs out, and stay consistent - usable, and
 * freeable to the last byte - while a generous budget changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"
#include "sim_fixture.h"

#define LOTS (UINT64_C(1) << 60)
#define ROOM ((size_t)1 << 40)

static kinesis_stream *mk(fx *f, int shards, sim_budget *b)
{
    kinesis_stream_config c = {.name = "orders", .shards = shards, .budget = b};
    sim_error err = {0};
    kinesis_stream *s = kinesis_stream_new(&c, f->clock, f->rng, &err);
    if (!s) fail_msg("%s", err.message);
    return s;
}

static void expect_message(const sim_error *err, const char *needle)
{
    if (!strstr(err->message, needle)) fail_msg("'%s' does not say '%s'", err->message, needle);
}

/* A 1-KiB record keyed by its number; the bytes are kept. */
static kinesis_put record(char *key, size_t cap, int i)
{
    static char data[1024];
    memset(data, 'd', sizeof data);
    int n = snprintf(key, cap, "key-%d", i);
    return (kinesis_put){.key = key, .key_len = (size_t)n, .data = data, .data_len = sizeof data};
}

/* Reads every record of shard `shard` from TRIM_HORIZON (needs work in the
 * budget); returns how many, folding them into *h. */
static uint64_t read_all(fx *f, kinesis_stream *s, int shard, uint64_t *h)
{
    kinesis_record_view *v = calloc(10000, sizeof *v);
    kinesis_iterator it;
    kinesis_get_result r;
    assert_int_equal(kinesis_get_shard_iterator(s, shard, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL),
                     SIM_OK);
    uint64_t n = 0;
    for (;;) {
        sim_clock_advance(f->clock, 1000);
        assert_int_equal(kinesis_get_records(s, &it, 10000, v, 10000, &r, NULL), SIM_OK);
        for (size_t k = 0; k < r.count; k++) {
            *h = (*h ^ v[k].seq) * 1099511628211u;
            *h = (*h ^ (uint64_t)v[k].arrival_ms) * 1099511628211u;
            for (size_t j = 0; j < v[k].key_len; j++)
                *h = (*h ^ (uint8_t)v[k].key[j]) * 1099511628211u;
        }
        n += r.count;
        if (!r.count) break;
        it = r.next;
    }
    free(v);
    return n;
}

static void test_produce_stops_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    /* A million records a second into one shard: without a budget this
     * runs for seconds; a budget of 2,000,000 units stops it at once. */
    sim_budget *b = sim_budget_new(2000000, ROOM);
    kinesis_stream *s = mk(f, 1, b);
    kinesis_producer_config c = {
        .rate = 1e6, .duration_ms = 1000, .record_size = 100, .keys = 10, .max_retries = -1};
    kinesis_producer_summary sum;
    sim_error err = {0};
    assert_int_equal(kinesis_produce(s, f->clock, f->rng, &c, &sum, &err), SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out producing records");
    assert_true(sim_budget_spent(b));
    assert_true(sum.generated < 1000000);
    /* The stream holds what was delivered, and answers - with the same
     * status, as the budget is spent for good. */
    kinesis_shard_info in;
    assert_true(kinesis_shard_get(s, 0, &in));
    assert_int_equal(in.records, sum.delivered);
    kinesis_shard_totals t;
    kinesis_stream_totals_get(s, &t);
    assert_int_equal(t.records_in, sum.delivered);
    kinesis_iterator it = {0};
    kinesis_get_result r;
    kinesis_record_view v[4];
    assert_int_equal(kinesis_get_shard_iterator(s, 0, KINESIS_TRIM_HORIZON, NULL, 0, &it, &err),
                     SIM_BUDGET_EXCEEDED);
    assert_int_equal(kinesis_get_records(s, &it, 4, v, 4, &r, &err), SIM_BUDGET_EXCEEDED);
    expect_message(&err, "ran out reading records of stream orders");
    assert_int_equal(r.count, 0);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_produce_within_budget_is_unchanged(void **state)
{
    fx *f = *state;
    kinesis_producer_summary sum[2];
    uint64_t digest[2] = {14695981039346656037u, 14695981039346656037u}, units = 0;
    for (int k = 0; k < 2; k++) {
        sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
        sim_rng *rng = sim_rng_new(9);
        fx g = {clock, rng};
        sim_budget *b = k ? sim_budget_new(LOTS, ROOM) : NULL;
        kinesis_stream *s = mk(&g, 2, b);
        kinesis_producer_config c = {.rate = 3000,
                                     .duration_ms = 5000,
                                     .record_size = 200,
                                     .keys = 50,
                                     .hot_key_share = 0.3,
                                     .max_retries = -1};
        assert_int_equal(kinesis_produce(s, clock, rng, &c, &sum[k], NULL), SIM_OK);
        for (int sh = 0; sh < 2; sh++)
            read_all(&g, s, sh, &digest[k]);
        kinesis_stream_free(s);
        if (b) {
            units = sim_budget_work_used(b);
            assert_int_equal(sim_budget_memory_used(b), 0);
            sim_budget_free(b);
        }
        sim_rng_free(rng);
        sim_clock_free(clock);
        (void)f;
    }
    assert_true(units > 0);
    assert_memory_equal(&sum[0], &sum[1], sizeof sum[0]);
    assert_true(digest[0] == digest[1]);
}

static void test_produce_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    fx *f = *state;
    /* Ten million records a second queue 240 MB a second: a 16 MiB cap
     * stops the model with its queue, and the stream is still whole. */
    sim_budget *b = sim_budget_new(LOTS, (size_t)16 << 20);
    kinesis_stream *s = mk(f, 1, b);
    kinesis_producer_config c = {
        .rate = 1e7, .duration_ms = 1000, .record_size = 100, .keys = 10, .max_retries = -1};
    kinesis_producer_summary sum;
    sim_error err = {0};
    assert_int_equal(kinesis_produce(s, f->clock, f->rng, &c, &sum, &err), SIM_NO_MEMORY);
    expect_message(&err, "out of memory: queueing");
    expect_message(&err, "the script may hold 16 MiB");
    uint64_t h = 0;
    assert_int_equal(read_all(f, s, 0, &h), sum.delivered);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_stream_memory_counts_toward_the_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, ROOM);
    kinesis_stream *s = mk(f, 1, b);
    size_t empty = sim_budget_memory_used(b);
    assert_true(empty > 0);
    char key[32];
    kinesis_put_result r;
    for (int i = 0; i < 10000; i++) {
        kinesis_put p = record(key, sizeof key, i);
        if (kinesis_put_record(s, &p, &r, NULL) != SIM_OK) {
            sim_clock_advance(f->clock, 1000);
            assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
        }
    }
    size_t full = sim_budget_memory_used(b);
    assert_true(full > empty + 10000 * 1024);
    /* Past the retention period the records go, and their memory with
     * them (all but the chunk and block the shard writes into next). */
    sim_clock_advance(f->clock, 25 * SIM_MS_PER_HOUR);
    kinesis_iterator it;
    assert_int_equal(kinesis_get_shard_iterator(s, 0, KINESIS_LATEST, NULL, 0, &it, NULL), SIM_OK);
    assert_true(sim_budget_memory_used(b) < empty + (full - empty) / 4);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_put_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, (size_t)1 << 20);
    kinesis_stream *s = mk(f, 1, b);
    /* 500 records of 1 KiB a call: the second call is past a 1 MiB cap. */
    char keys[500][16];
    kinesis_put p[500];
    kinesis_put_result r[500];
    for (int i = 0; i < 500; i++)
        p[i] = record(keys[i], sizeof keys[i], i);
    size_t failed = 0, stored = 0;
    sim_error err = {0};
    sim_status st = SIM_OK;
    for (int call = 0; call < 10 && st == SIM_OK; call++) {
        sim_clock_advance(f->clock, 1000);
        st = kinesis_put_records(s, p, 500, r, &failed, &err);
        for (int i = 0; i < 500; i++)
            stored += r[i].code == SIM_OK;
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    expect_message(&err, "out of memory: storing records in stream orders");
    assert_true(failed > 0 && stored > 0);
    /* The results say which records are in: those, and only those, read
     * back, as the work budget is not spent. */
    for (int i = 500 - (int)failed; i < 500; i++)
        assert_int_equal(r[i].code, SIM_NO_MEMORY);
    uint64_t h = 0;
    assert_int_equal(read_all(f, s, 0, &h), stored);
    /* Once memory is given back (here, by retention) puts work again. */
    sim_clock_advance(f->clock, 25 * SIM_MS_PER_HOUR);
    assert_int_equal(kinesis_put_records(s, p, 10, r, &failed, &err), SIM_OK);
    assert_int_equal(failed, 0);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_put_records_stops_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(50, ROOM);
    kinesis_stream *s = mk(f, 4, b);
    char keys[100][16];
    kinesis_put p[100];
    kinesis_put_result r[100];
    for (int i = 0; i < 100; i++)
        p[i] = record(keys[i], sizeof keys[i], i);
    size_t failed = 0;
    sim_error err = {0};
    assert_int_equal(kinesis_put_records(s, p, 100, r, &failed, &err), SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out putting records into stream orders");
    assert_int_equal(failed, 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(r[i].code, SIM_BUDGET_EXCEEDED);
    kinesis_shard_totals t;
    kinesis_stream_totals_get(s, &t);
    assert_int_equal(t.records_in, 0);
    assert_int_equal(kinesis_put_record(s, &p[0], &r[0], &err), SIM_BUDGET_EXCEEDED);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_writes_and_reads_are_charged_for_their_records(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, ROOM);
    kinesis_stream *s = mk(f, 1, b);
    char keys[500][16];
    kinesis_put p[500];
    kinesis_put_result r[500];
    for (int i = 0; i < 500; i++)
        p[i] = record(keys[i], sizeof keys[i], i);
    size_t failed;
    uint64_t before = sim_budget_work_used(b);
    assert_int_equal(kinesis_put_records(s, p, 500, r, &failed, NULL), SIM_OK);
    uint64_t put = sim_budget_work_used(b) - before;
    /* 500 KiB copied costs far more than looking at 500 records. */
    assert_true(put > 500 * 100);
    before = sim_budget_work_used(b);
    uint64_t h = 0;
    assert_int_equal(read_all(f, s, 0, &h), 500);
    assert_true(sim_budget_work_used(b) - before >= 500);
    /* A throttled write costs less than an accepted one. */
    for (int i = 0; i < 500; i++)
        p[i].data = NULL;
    for (int call = 0; call < 3; call++)
        assert_int_equal(kinesis_put_records(s, p, 500, r, &failed, NULL), SIM_OK);
    before = sim_budget_work_used(b);
    assert_int_equal(kinesis_put_records(s, p, 500, r, &failed, NULL), SIM_OK);
    assert_int_equal(failed, 500);
    assert_true(sim_budget_work_used(b) - before < put / 10);
    kinesis_stream_free(s);
    sim_budget_free(b);
}

static void test_stream_creation_is_charged_for_its_shards(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(1000, ROOM);
    kinesis_stream_config c = {.name = "big", .shards = 10000, .budget = b};
    sim_error err = {0};
    assert_null(kinesis_stream_new(&c, f->clock, f->rng, &err));
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    expect_message(&err, "creating the shards of stream big");
    sim_budget_free(b);
    b = sim_budget_new(LOTS, 64 << 10);
    c.budget = b;
    assert_null(kinesis_stream_new(&c, f->clock, f->rng, &err));
    assert_int_equal(err.code, SIM_NO_MEMORY);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

/* Every open shard's starting hash key routes to the shard itself, and
 * the open ranges cover the hash keys with no gap: the index is sorted. */
static void check_index(kinesis_stream *s)
{
    kinesis_hash next = 0;
    int open = 0;
    for (;;) {
        int sh = kinesis_shard_for_hash(s, next);
        kinesis_shard_info in;
        assert_true(kinesis_shard_get(s, sh, &in));
        assert_true(in.open);
        assert_true(in.start == next);
        open++;
        if (in.end == KINESIS_HASH_MAX) break;
        next = in.end + 1;
    }
    assert_int_equal(open, kinesis_open_shard_count(s));
}

static void test_reshards_keep_the_index_sorted(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, ROOM);
    kinesis_stream *s = mk(f, 8, b);
    for (int k = 0; k < 300; k++) {
        int n = kinesis_shard_count(s);
        int sh = (int)sim_rng_range(f->rng, 0, n - 1);
        kinesis_shard_info in;
        kinesis_shard_get(s, sh, &in);
        if (!in.open) continue;
        if (k % 3 == 2) {
            /* Merge with the shard right after it, when there is one. */
            if (in.end == KINESIS_HASH_MAX) continue;
            int next = kinesis_shard_for_hash(s, in.end + 1);
            assert_int_equal(kinesis_merge_shards(s, sh, next, NULL), SIM_OK);
        } else if (in.end - in.start > 4) {
            assert_int_equal(kinesis_split_shard(s, sh, in.start + (in.end - in.start) / 3, NULL),
                             SIM_OK);
        }
        check_index(s);
    }
    sim_clock_advance(f->clock, SIM_MS_PER_DAY + 1);
    int open = kinesis_open_shard_count(s);
    assert_int_equal(kinesis_update_shard_count(s, open + open / 2, NULL), SIM_OK);
    check_index(s);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_split_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, (size_t)256 << 10);
    kinesis_stream *s = mk(f, 4, b);
    sim_error err = {0};
    sim_status st = SIM_OK;
    int splits = 0;
    while (st == SIM_OK && splits < 100000) {
        kinesis_shard_info in;
        kinesis_hash h = ((kinesis_hash)sim_rng_next(f->rng) << 64) | sim_rng_next(f->rng);
        int sh = kinesis_shard_for_hash(s, h);
        kinesis_shard_get(s, sh, &in);
        st = kinesis_split_shard(s, sh, in.start + (in.end - in.start) / 2, &err);
        splits += st == SIM_OK;
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    expect_message(&err, "out of memory: splitting a shard in stream orders");
    /* The shard that could not be split is still open, the index whole. */
    check_index(s);
    kinesis_put p = {.key = "k", .key_len = 1, .data = NULL, .data_len = 10};
    kinesis_put_result r;
    assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_poller_stops_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(1000000, ROOM);
    kinesis_stream *s = mk(f, 16, b);
    kinesis_poller *p = kinesis_poller_new(s, KINESIS_TRIM_HORIZON, 1, 100);
    assert_non_null(p);
    int64_t start = sim_clock_now(f->clock), until = start + 7 * SIM_MS_PER_DAY;
    assert_int_equal(kinesis_poller_run(p, f->clock, until), SIM_BUDGET_EXCEEDED);
    sim_error err = {0};
    assert_int_equal(kinesis_poller_status(p, &err), SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out polling stream orders");
    assert_true(sim_clock_now(f->clock) < until);
    kinesis_poller_stats st;
    kinesis_poller_stats_get(p, &st);
    assert_true(st.calls > 0);
    kinesis_poller_free(p);
    kinesis_stream_free(s);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_series_and_totals_are_charged(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(LOTS, ROOM);
    kinesis_stream *s = mk(f, 2, b);
    double v[900];
    uint64_t before = sim_budget_work_used(b);
    assert_int_equal(kinesis_series_get(s, 0, KINESIS_SERIES_RECORDS_IN, 900, v), 900);
    assert_true(sim_budget_work_used(b) > before);
    sim_budget_stop(b);
    v[0] = 1;
    assert_int_equal(kinesis_series_get(s, 0, KINESIS_SERIES_RECORDS_IN, 900, v), -1);
    assert_true(v[0] == 0);
    kinesis_stream_free(s);
    sim_budget_free(b);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_produce_stops_when_the_budget_is_spent),
        T(test_produce_within_budget_is_unchanged),
        T(test_produce_fails_cleanly_when_memory_cap_is_reached),
        T(test_stream_memory_counts_toward_the_budget),
        T(test_put_fails_cleanly_when_memory_cap_is_reached),
        T(test_put_records_stops_when_the_budget_is_spent),
        T(test_writes_and_reads_are_charged_for_their_records),
        T(test_stream_creation_is_charged_for_its_shards),
        T(test_reshards_keep_the_index_sorted),
        T(test_split_fails_cleanly_when_memory_cap_is_reached),
        T(test_poller_stops_when_the_budget_is_spent),
        T(test_series_and_totals_are_charged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
