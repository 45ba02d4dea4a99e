/* The course exercise (LogGenerator.py -> Kinesis Agent -> stream ->
 * consumer, and the agent into Firehose -> S3) on small runs, pinned by a
 * digest of everything it produces: every record's shard, sequence number,
 * arrival time, partition key and payload bytes, the agent's, consumer's
 * and stream's counters, the per-second series, the costs and the S3
 * objects.
 *
 * The expected digests are NOT derived from a source: they are the output
 * of the simulator as it stood before the speed work on bench_kinesis
 * (issue 4), recorded so that optimisations can prove they change nothing.
 * A change that is meant to alter the exercise's output must update them
 * deliberately and say why. Around the digests, each test also checks what
 * the facts say (aws-facts.md): no shard second holds more than 1,000
 * records or 1 MiB, every line arrives once, and retries equal throttles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/agent.h"
#include "sim/firehose.h"
#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"
#include "sim/loggen.h"
#include "sim/s3.h"

/* FNV-1a, 64 bits: enough to tell two outputs apart, and independent of
 * the MD5 the simulator uses for routing. */
typedef struct digest {
    uint64_t h;
} digest;

static void dg_bytes(digest *d, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        d->h = (d->h ^ b[i]) * UINT64_C(0x100000001B3);
}

static void dg_u64(digest *d, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    dg_bytes(d, b, 8);
}

static void dg_double(digest *d, double v)
{
    /* The figures come out of the same arithmetic each run; compare the
     * printed value so the digest does not depend on the bit layout. */
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.9g", v);
    dg_bytes(d, buf, (size_t)n);
}

static void dg_agent_stats(digest *d, const agent_stats *st)
{
    uint64_t v[] = {st->lines_read,
                    st->records_parsed,
                    st->records_skipped,
                    st->records_sent,
                    st->records_throttled,
                    st->records_failed,
                    st->retries,
                    st->put_calls,
                    st->bytes_sent,
                    st->records_pending,
                    (uint64_t)st->last_send_ms,
                    st->missing_destination};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        dg_u64(d, v[i]);
}

/* Reads every shard from TRIM_HORIZON to its end, waiting out the read
 * limits on the clock, and folds each record into the digest. Also checks
 * the write limits per second from the arrival times. Returns the number of
 * records read. */
static uint64_t dg_stream_records(digest *d, kinesis_stream *s, sim_clock *clock)
{
    static kinesis_record_view v[10000];
    uint64_t total = 0;
    for (int sh = 0; sh < kinesis_shard_count(s); sh++) {
        kinesis_iterator it;
        assert_int_equal(
            kinesis_get_shard_iterator(s, sh, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL), SIM_OK);
        int64_t sec = INT64_MIN;
        uint64_t in_sec = 0, bytes_in_sec = 0;
        for (;;) {
            kinesis_get_result r;
            sim_status st = kinesis_get_records(s, &it, 10000, v, 10000, &r, NULL);
            if (st == SIM_PROVISIONED_THROUGHPUT_EXCEEDED) {
                sim_clock_advance(clock, 1000);
                continue;
            }
            assert_int_equal(st, SIM_OK);
            if (r.count == 0) break;
            for (size_t k = 0; k < r.count; k++) {
                char seq[KINESIS_SEQ_LEN];
                kinesis_seq_format(s, v[k].shard, v[k].seq, seq, sizeof seq);
                dg_u64(d, (uint64_t)v[k].shard);
                dg_bytes(d, seq, strlen(seq));
                dg_u64(d, (uint64_t)v[k].arrival_ms);
                dg_u64(d, v[k].key_len);
                dg_bytes(d, v[k].key, v[k].key_len);
                dg_u64(d, v[k].data_len);
                static uint8_t made[1 << 20];
                size_t len;
                const uint8_t *data = kinesis_record_data(&v[k], made, sizeof made, &len);
                assert_non_null(data);
                assert_int_equal(len, v[k].data_len);
                dg_bytes(d, data, len);
                /* 1,000 records and 1 MiB per shard per second. */
                if (v[k].arrival_ms / 1000 != sec) {
                    sec = v[k].arrival_ms / 1000;
                    in_sec = bytes_in_sec = 0;
                }
                in_sec++;
                bytes_in_sec += v[k].data_len + v[k].key_len;
                assert_true(in_sec <= 1000);
                assert_true(in_sec == 1 || bytes_in_sec <= 1u << 20);
            }
            total += r.count;
            it = r.next;
        }
    }
    return total;
}

static void dg_stream_counters(digest *d, kinesis_stream *s)
{
    for (int sh = 0; sh < kinesis_shard_count(s); sh++) {
        kinesis_shard_totals t;
        kinesis_shard_totals_get(s, sh, &t);
        uint64_t v[] = {t.records_in, t.bytes_in,        t.throttled_writes, t.records_out,
                        t.bytes_out,  t.throttled_reads, t.put_units};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            dg_u64(d, v[i]);
        int n = kinesis_series_capacity(s);
        double *series = malloc((size_t)n * sizeof *series);
        assert_non_null(series);
        for (int m = 0; m < KINESIS_SERIES_COUNT; m++) {
            kinesis_series_get(s, sh, (kinesis_series_metric)m, n, series);
            for (int i = 0; i < n; i++)
                dg_double(d, series[i]);
        }
        free(series);
    }
    kinesis_costs c;
    kinesis_costs_get(s, &c);
    dg_double(d, c.shard_hours);
    dg_u64(d, c.put_units);
    dg_double(d, c.total_usd);
}

static void dg_poller(digest *d, const kinesis_poller *p)
{
    kinesis_poller_stats ps;
    kinesis_poller_stats_get(p, &ps);
    uint64_t v[] = {ps.records,
                    ps.bytes,
                    ps.calls,
                    ps.throttled_calls,
                    (uint64_t)ps.max_millis_behind,
                    (uint64_t)ps.last_millis_behind};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        dg_u64(d, v[i]);
    for (int i = 0; i < kinesis_poller_sample_count(p); i++) {
        const char *data;
        size_t len;
        int shard;
        assert_true(kinesis_poller_sample(p, i, &data, &len, &shard));
        dg_u64(d, (uint64_t)shard);
        dg_bytes(d, data, len);
    }
}

#define CSV_FIELDS                                                                                 \
    "\"customFieldNames\": [\"InvoiceNo\", \"StockCode\", \"Description\", \"Quantity\","          \
    " \"InvoiceDate\", \"UnitPrice\", \"Customer\", \"Country\"]"

typedef struct run {
    sim_clock *clock;
    sim_rng *rng;
    kinesis_stream *s;
    loggen *g;
    agent *a;
    kinesis_poller *p;
} run;

static void run_open(run *r, const char *json, int shards, uint64_t seed, double rate)
{
    r->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    r->rng = sim_rng_new(seed);
    kinesis_stream_config sc = {.name = "CadabraOrders", .shards = shards};
    sim_error err = {0};
    r->s = kinesis_stream_new(&sc, r->clock, r->rng, &err);
    assert_non_null(r->s);
    loggen_config lc = {.seed = seed, .lines_per_second = rate};
    r->g = loggen_new(&lc, r->clock);
    assert_non_null(r->g);
    r->a = NULL;
    if (json) { /* NULL: the caller starts the agent later */
        r->a = agent_new_json(json, strlen(json), r->clock, r->rng, &err);
        if (!r->a) fail_msg("%s", err.message);
        agent_attach_logs(r->a, r->g);
        agent_add_stream(r->a, r->s);
    }
    r->p = kinesis_poller_new(r->s, KINESIS_TRIM_HORIZON, 1000, 10000);
    assert_non_null(r->p);
}

static void run_close(run *r)
{
    kinesis_poller_free(r->p);
    agent_free(r->a);
    loggen_free(r->g);
    kinesis_stream_free(r->s);
    sim_rng_free(r->rng);
    sim_clock_free(r->clock);
}

/* Folds the run's outcome into a digest and checks the facts about it. */
static uint64_t finish(run *r, int64_t start, uint64_t lines)
{
    digest d = {UINT64_C(0xCBF29CE484222325)};
    agent_stats st;
    agent_stats_get(r->a, &st);
    assert_int_equal(st.lines_read, lines);
    assert_int_equal(st.records_sent, lines);
    assert_int_equal(st.retries, st.records_throttled);
    assert_int_equal(st.records_pending, 0);
    dg_agent_stats(&d, &st);
    for (size_t f = 0; f < loggen_file_count(r->g); f++) {
        uint64_t cp = 0;
        assert_true(agent_checkpoint(r->a, 0, f, &cp));
        assert_int_equal(cp, loggen_file_at(r->g, f)->lines);
    }
    dg_poller(&d, r->p);
    dg_u64(&d, (uint64_t)(sim_clock_now(r->clock) - start));
    dg_stream_counters(&d, r->s);
    assert_int_equal(dg_stream_records(&d, r->s, r->clock), lines);
    return d.h;
}

static void test_course_exercise_output_is_unchanged(void **state)
{
    (void)state;
    /* bench_kinesis's configuration at 20,000 lines: RANDOM keys,
     * CSVTOJSON, one shard that throttles, a polling consumer. */
    static const char json[] =
        "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
        "  \"kinesisStream\": \"CadabraOrders\", \"partitionKeyOption\": \"RANDOM\",\n"
        "  \"dataProcessingOptions\": [ { \"optionName\": \"CSVTOJSON\",\n" CSV_FIELDS " } ] } ] }";
    run r;
    run_open(&r, json, 1, 42, 0);
    int64_t start = sim_clock_now(r.clock);
    assert_true(loggen_write(r.g, 20000, NULL) >= 0);
    agent_run(r.a, r.clock, start + 2 * SIM_MS_PER_HOUR, true, r.p);
    kinesis_poller_run(r.p, r.clock, sim_clock_now(r.clock) + 10000);
    kinesis_poller_stats ps;
    kinesis_poller_stats_get(r.p, &ps);
    assert_int_equal(ps.records, 20000);
    uint64_t h = finish(&r, start, 20000);
    run_close(&r);
    if (h != UINT64_C(0xDCB890004A5A6DD4))
        fail_msg("digest %016llx changed", (unsigned long long)h);
}

static void test_deterministic_keys_on_three_shards_are_unchanged(void **state)
{
    (void)state;
    /* MD5 keys routed over three shards, small buffers, files that appear
     * at a rate, one written before the agent starts (START_OF_FILE). */
    static const char json[] =
        "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
        "  \"kinesisStream\": \"CadabraOrders\", \"partitionKeyOption\": \"DETERMINISTIC\",\n"
        "  \"initialPosition\": \"START_OF_FILE\", \"maxBufferSizeRecords\": 200,\n"
        "  \"maxBufferAgeMillis\": 2000, \"dataProcessingOptions\": [\n"
        "  { \"optionName\": \"SINGLELINE\" },\n"
        "  { \"optionName\": \"CSVTOJSON\", " CSV_FIELDS " } ] } ] }";
    run r;
    run_open(&r, NULL, 3, 7, 4000);
    int64_t start = sim_clock_now(r.clock);
    assert_true(loggen_write(r.g, 6000, NULL) >= 0);
    sim_clock_advance(r.clock, 500);
    sim_error err = {0};
    r.a = agent_new_json(json, sizeof json - 1, r.clock, r.rng, &err);
    if (!r.a) fail_msg("%s", err.message);
    agent_attach_logs(r.a, r.g);
    agent_add_stream(r.a, r.s);
    agent_run(r.a, r.clock, sim_clock_now(r.clock) + 3000, false, r.p);
    assert_true(loggen_write(r.g, 9000, NULL) >= 0);
    agent_run(r.a, r.clock, start + SIM_MS_PER_HOUR, true, r.p);
    kinesis_poller_run(r.p, r.clock, sim_clock_now(r.clock) + 10000);
    uint64_t h = finish(&r, start, 15000);
    run_close(&r);
    if (h != UINT64_C(0xBC0F3E1651E1E382))
        fail_msg("digest %016llx changed", (unsigned long long)h);
}

static void dg_object(void *ud, const s3_object_info *o)
{
    digest *d = ud;
    dg_bytes(d, o->key, strlen(o->key));
    dg_u64(d, o->size);
    dg_u64(d, (uint64_t)o->last_modified_ms);
    if (o->data) dg_bytes(d, o->data, o->size);
}

static void test_agent_into_firehose_output_is_unchanged(void **state)
{
    (void)state;
    static const char json[] =
        "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
        "  \"deliveryStream\": \"PurchaseLogs\", \"maxBufferSizeRecords\": 300,\n"
        "  \"dataProcessingOptions\": [ { \"optionName\": \"CSVTOJSON\", " CSV_FIELDS " } ] } ] }";
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(11);
    s3 *store = s3_new(0);
    assert_int_equal(s3_create_bucket(store, "orders", NULL), SIM_OK);
    firehose_config fc = {.name = "PurchaseLogs", .bucket = "orders", .interval_ms = 60000};
    sim_error err = {0};
    firehose_stream *h = firehose_new(&fc, clock, rng, store, &err);
    assert_non_null(h);
    agent *a = agent_new_json(json, sizeof json - 1, clock, rng, &err);
    if (!a) fail_msg("%s", err.message);
    loggen_config lc = {.seed = 9};
    loggen *g = loggen_new(&lc, clock);
    agent_attach_logs(a, g);
    agent_add_delivery(a, h);
    int64_t start = sim_clock_now(clock);
    assert_true(loggen_write(g, 30000, NULL) >= 0);
    agent_run(a, clock, start + SIM_MS_PER_HOUR, true, NULL);
    sim_clock_advance(clock, 600000);
    firehose_tick(h);
    digest d = {UINT64_C(0xCBF29CE484222325)};
    agent_stats st;
    agent_stats_get(a, &st);
    assert_int_equal(st.records_sent, 30000);
    dg_agent_stats(&d, &st);
    firehose_stats fs;
    firehose_stats_get(h, &fs);
    assert_int_equal(fs.records_in, 30000);
    assert_int_equal(fs.buffered_records, 0);
    assert_true(fs.objects > 1);
    uint64_t v[] = {fs.records_in,      fs.bytes_in, fs.objects,
                    fs.bytes_delivered, fs.by_size,  fs.by_interval};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        dg_u64(&d, v[i]);
    assert_int_equal(s3_list(store, "orders", "", dg_object, &d), fs.objects);
    agent_free(a);
    loggen_free(g);
    firehose_free(h);
    s3_free(store);
    sim_rng_free(rng);
    sim_clock_free(clock);
    if (d.h != UINT64_C(0x9F50DFFC2285C807))
        fail_msg("digest %016llx changed", (unsigned long long)d.h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_course_exercise_output_is_unchanged),
        cmocka_unit_test(test_deterministic_keys_on_three_shards_are_unchanged),
        cmocka_unit_test(test_agent_into_firehose_output_is_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
