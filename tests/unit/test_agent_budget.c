/* The Kinesis Agent and the log generator under the script's budget
 * (sim/budget.h): lines, sends and retries are charged before they are
 * made, agent.json and every queue count toward the memory cap, and when
 * either runs out the run stops with SIM_BUDGET_EXCEEDED or SIM_NO_MEMORY,
 * the agent consistent (every line queued, sent or still to read) and
 * freeable to the last byte, while a generous budget changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/agent.h"
#include "sim/budget.h"
#include "sim/firehose.h"
#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"
#include "sim/loggen.h"
#include "sim/s3.h"

#define LOTS (UINT64_C(1) << 60)
#define ROOM ((size_t)1 << 40)

static const char course_json[] =
    "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
    "  \"kinesisStream\": \"CadabraOrders\", \"partitionKeyOption\": \"RANDOM\",\n"
    "  \"dataProcessingOptions\": [ { \"optionName\": \"CSVTOJSON\",\n"
    "    \"customFieldNames\": [\"InvoiceNo\", \"StockCode\", \"Description\", \"Quantity\",\n"
    "      \"InvoiceDate\", \"UnitPrice\", \"Customer\", \"Country\"] } ] } ] }";

static void expect_message(const sim_error *err, const char *needle)
{
    if (!strstr(err->message, needle)) fail_msg("'%s' does not say '%s'", err->message, needle);
}

/* The course exercise on a small run, every part under budget b. */
typedef struct run {
    sim_budget *b;
    sim_clock *clock;
    sim_rng *rng;
    kinesis_stream *s;
    loggen *g;
    agent *a;
    kinesis_poller *p;
} run;

static void run_open(run *r, sim_budget *b, const char *json, int shards, uint64_t lines)
{
    memset(r, 0, sizeof *r);
    r->b = b;
    r->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    r->rng = sim_rng_new(42);
    kinesis_stream_config sc = {.name = "CadabraOrders", .shards = shards, .budget = b};
    sim_error err = {0};
    r->s = kinesis_stream_new(&sc, r->clock, r->rng, &err);
    assert_non_null(r->s);
    loggen_config lc = {.seed = 42, .budget = b};
    r->g = loggen_new(&lc, r->clock);
    assert_non_null(r->g);
    agent_config *c = agent_config_parse_budget(json, strlen(json), b, &err);
    if (!c) fail_msg("%s", err.message);
    r->a = agent_new(c, r->clock, r->rng, &err);
    assert_non_null(r->a);
    assert_int_equal(agent_attach_logs(r->a, r->g), SIM_OK);
    assert_int_equal(agent_add_stream(r->a, r->s), SIM_OK);
    r->p = kinesis_poller_new(r->s, KINESIS_TRIM_HORIZON, 1000, 10000);
    assert_non_null(r->p);
    assert_true(loggen_write(r->g, lines, &err) >= 0);
}

static sim_status run_go(run *r)
{
    return agent_run(r->a, r->clock, sim_clock_now(r->clock) + 2 * SIM_MS_PER_HOUR, true, r->p);
}

/* Frees everything; the budget's memory must come back to nothing. */
static void run_close(run *r)
{
    kinesis_poller_free(r->p);
    agent_free(r->a);
    loggen_free(r->g);
    kinesis_stream_free(r->s);
    sim_rng_free(r->rng);
    sim_clock_free(r->clock);
    if (r->b) {
        assert_int_equal(sim_budget_memory_used(r->b), 0);
        sim_budget_free(r->b);
    }
}

/* What the agent says against what it did: every line read is queued,
 * sent or skipped, and checkpoints never pass what is sent. */
static void check_consistent(run *r, uint64_t lines)
{
    agent_stats st;
    agent_stats_get(r->a, &st);
    assert_true(st.lines_read <= lines);
    assert_int_equal(st.lines_read, st.records_parsed + st.records_skipped);
    assert_int_equal(st.records_parsed, st.records_sent + st.records_pending);
    uint64_t cp = 0;
    assert_true(agent_checkpoint(r->a, 0, 0, &cp));
    assert_true(cp <= st.records_sent + st.records_skipped);
    kinesis_shard_totals t;
    kinesis_stream_totals_get(r->s, &t);
    assert_int_equal(t.records_in, st.records_sent);
}

static void test_agent_stops_when_the_budget_is_spent(void **state)
{
    (void)state;
    /* 20,000 lines cost a few hundred thousand units: give 200,000. */
    run r;
    run_open(&r, sim_budget_new(200000, ROOM), course_json, 1, 20000);
    assert_int_equal(run_go(&r), SIM_BUDGET_EXCEEDED);
    sim_error err = {0};
    assert_int_equal(agent_status(r.a, &err), SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out");
    check_consistent(&r, 20000);
    agent_stats st;
    agent_stats_get(r.a, &st);
    assert_true(st.records_sent < 20000);
    /* Every later step stops at once: the budget stays spent. */
    assert_int_equal(agent_step(r.a), INT64_MAX);
    assert_int_equal(agent_status(r.a, NULL), SIM_BUDGET_EXCEEDED);
    run_close(&r);
}

static uint64_t stream_digest(run *r)
{
    uint64_t h = 14695981039346656037u;
    kinesis_record_view *v = calloc(10000, sizeof *v);
    uint8_t buf[1024];
    for (int sh = 0; sh < kinesis_shard_count(r->s); sh++) {
        kinesis_iterator it;
        kinesis_get_result res;
        assert_int_equal(
            kinesis_get_shard_iterator(r->s, sh, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL), SIM_OK);
        for (;;) {
            sim_clock_advance(r->clock, 1000);
            assert_int_equal(kinesis_get_records(r->s, &it, 10000, v, 10000, &res, NULL), SIM_OK);
            for (size_t k = 0; k < res.count; k++) {
                size_t len;
                const uint8_t *d = kinesis_record_data(&v[k], buf, sizeof buf, &len);
                h = (h ^ v[k].seq ^ (uint64_t)v[k].arrival_ms) * 1099511628211u;
                for (size_t j = 0; j < v[k].key_len; j++)
                    h = (h ^ (uint8_t)v[k].key[j]) * 1099511628211u;
                for (size_t j = 0; d && j < len; j++)
                    h = (h ^ d[j]) * 1099511628211u;
            }
            if (!res.count) break;
            it = res.next;
        }
    }
    free(v);
    return h;
}

static void test_agent_within_budget_is_unchanged(void **state)
{
    (void)state;
    agent_stats st[2];
    kinesis_poller_stats ps[2];
    uint64_t digest[2], units = 0;
    for (int k = 0; k < 2; k++) {
        run r;
        run_open(&r, k ? sim_budget_new(LOTS, ROOM) : NULL, course_json, 2, 20000);
        assert_int_equal(run_go(&r), SIM_OK);
        assert_int_equal(kinesis_poller_run(r.p, r.clock, sim_clock_now(r.clock) + 10000), SIM_OK);
        agent_stats_get(r.a, &st[k]);
        kinesis_poller_stats_get(r.p, &ps[k]);
        digest[k] = stream_digest(&r);
        units = sim_budget_work_used(r.b);
        run_close(&r);
    }
    assert_int_equal(st[1].records_sent, 20000);
    assert_memory_equal(&st[0], &st[1], sizeof st[0]);
    assert_memory_equal(&ps[0], &ps[1], sizeof ps[0]);
    assert_true(digest[0] == digest[1]);
    /* About 20 units a line: the whole exercise (500,000 lines) is far
     * inside the default 200,000,000. */
    assert_true(units > 20000 * 10 && units < 20000 * 100);
}

static void test_agent_memory_counts_toward_the_budget(void **state)
{
    (void)state;
    run r;
    run_open(&r, sim_budget_new(LOTS, ROOM), course_json, 1, 50000);
    size_t before = sim_budget_memory_used(r.b);
    assert_true(before > 0);
    /* Run long enough to fill the agent's queue and the stream. */
    assert_int_equal(agent_run(r.a, r.clock, sim_clock_now(r.clock) + 10000, false, NULL), SIM_OK);
    agent_stats st;
    agent_stats_get(r.a, &st);
    assert_true(st.records_pending > 0);
    /* Each pending record holds at least its 32-byte entry and its key. */
    assert_true(sim_budget_memory_used(r.b) > before + st.records_pending * 40);
    run_close(&r);
}

static void test_agent_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    (void)state;
    /* Caps from 4 KiB to 1.5 MiB: each one fails somewhere else (parsing,
     * the agent, its queue, the stream, the consumer), and each leaves
     * what was made whole and freeable. The second config's short queue
     * (1,000 records) leaves the stream to run out. */
    static const char short_queue[] =
        "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
        "  \"kinesisStream\": \"CadabraOrders\", \"maxBufferSizeRecords\": 10 } ] }";
    int failed = 0, running = 0;
    for (size_t k = 0; k < 84; k++) {
        const char *json = k % 2 ? short_queue : course_json;
        size_t cap = ((size_t)4 << 10) * (size_t)(1 << (k / 2 / 7)) * (8 + k / 2 % 7) / 8;
        sim_budget *b = sim_budget_new(LOTS, cap);
        sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
        sim_rng *rng = sim_rng_new(42);
        kinesis_stream_config sc = {.name = "CadabraOrders", .shards = 1, .budget = b};
        kinesis_stream *s = kinesis_stream_new(&sc, clock, rng, NULL);
        loggen_config lc = {.seed = 42, .budget = b};
        loggen *g = loggen_new(&lc, clock);
        sim_error err = {0};
        agent_config *c = agent_config_parse_budget(json, strlen(json), b, &err);
        agent *a = c ? agent_new(c, clock, rng, &err) : NULL;
        kinesis_poller *p = s ? kinesis_poller_new(s, KINESIS_TRIM_HORIZON, 1000, 500) : NULL;
        sim_status st = SIM_NO_MEMORY;
        if (s && g && a && p && loggen_write(g, 20000, &err) >= 0) {
            agent_attach_logs(a, g);
            agent_add_stream(a, s);
            st = agent_run(a, clock, sim_clock_now(clock) + SIM_MS_PER_HOUR, true, p);
            running += st == SIM_NO_MEMORY;
            if (st == SIM_NO_MEMORY) {
                sim_error why = {0};
                if (agent_status(a, &why) == SIM_OK) kinesis_poller_status(p, &why);
                expect_message(&why, "out of memory: ");
                expect_message(&why, "the script may hold");
                /* The agent is whole: its counts add up. */
                agent_stats as;
                agent_stats_get(a, &as);
                assert_int_equal(as.lines_read, as.records_parsed + as.records_skipped);
                assert_int_equal(as.records_parsed, as.records_sent + as.records_pending);
            }
        }
        failed += st == SIM_NO_MEMORY;
        kinesis_poller_free(p);
        agent_free(a);
        loggen_free(g);
        kinesis_stream_free(s);
        assert_int_equal(sim_budget_memory_used(b), 0);
        sim_budget_free(b);
        sim_rng_free(rng);
        sim_clock_free(clock);
    }
    assert_true(failed > 40 && running > 20);
}

static void test_agent_json_is_charged_and_counted(void **state)
{
    (void)state;
    sim_error err = {0};
    sim_budget *b = sim_budget_new(100, ROOM);
    assert_null(agent_config_parse_budget(course_json, strlen(course_json), b, &err));
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out reading agent.json");
    sim_budget_free(b);
    /* The parser's own memory is asked for while it parses. */
    b = sim_budget_new(LOTS, 4096);
    assert_null(agent_config_parse_budget(course_json, strlen(course_json), b, &err));
    assert_int_equal(err.code, SIM_NO_MEMORY);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    b = sim_budget_new(LOTS, ROOM);
    agent_config *c = agent_config_parse_budget(course_json, strlen(course_json), b, &err);
    assert_non_null(c);
    assert_ptr_equal(c->budget, b);
    assert_true(sim_budget_memory_used(b) > 0);
    agent_config_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_records_made_again_are_charged(void **state)
{
    (void)state;
    run r;
    run_open(&r, sim_budget_new(LOTS, ROOM), course_json, 1, 2000);
    assert_int_equal(run_go(&r), SIM_OK);
    /* Reading the records' bytes makes each again from its line. */
    uint64_t before = sim_budget_work_used(r.b);
    stream_digest(&r);
    assert_true(sim_budget_work_used(r.b) - before > 2000 * 10);
    run_close(&r);
}

static void test_agent_into_firehose_within_budget_is_unchanged(void **state)
{
    (void)state;
    static const char json[] = "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
                               "  \"deliveryStream\": \"orders\", \"initialPosition\": "
                               "\"START_OF_FILE\" } ] }";
    firehose_stats fs[2];
    uint64_t keys[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        sim_budget *b = k ? sim_budget_new(LOTS, ROOM) : NULL;
        sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
        sim_rng *rng = sim_rng_new(3);
        s3 *st = s3_new(0);
        s3_set_budget(st, b);
        assert_int_equal(s3_create_bucket(st, "orders", NULL), SIM_OK);
        firehose_config fc = {.name = "orders", .bucket = "orders", .budget = b};
        firehose_stream *h = firehose_new(&fc, clock, rng, st, NULL);
        agent *a =
            agent_new(agent_config_parse_budget(json, strlen(json), b, NULL), clock, rng, NULL);
        loggen_config lc = {.seed = 3, .budget = b};
        loggen *g = loggen_new(&lc, clock);
        assert_int_equal(agent_attach_logs(a, g), SIM_OK);
        assert_int_equal(agent_add_delivery(a, h), SIM_OK);
        loggen_write(g, 30000, NULL);
        assert_int_equal(agent_run(a, clock, sim_clock_now(clock) + SIM_MS_PER_HOUR, true, NULL),
                         SIM_OK);
        sim_clock_advance(clock, 600000);
        assert_int_equal(firehose_tick(h), SIM_OK);
        firehose_stats_get(h, &fs[k]);
        for (size_t i = 0; i < s3_object_count(st, "orders"); i++) {
            s3_object_info o;
            s3_object_at(st, "orders", i, &o);
            for (const char *p = o.key; *p; p++)
                keys[k] = (keys[k] ^ (uint8_t)*p) * 1099511628211u;
            keys[k] += o.size;
        }
        agent_free(a);
        loggen_free(g);
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
    assert_true(fs[0].objects > 0);
    assert_memory_equal(&fs[0], &fs[1], sizeof fs[0]);
    assert_true(keys[0] == keys[1]);
}

/* --- the log generator ---------------------------------------------------- */

static void test_loggen_line_stops_when_the_budget_is_spent(void **state)
{
    (void)state;
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_budget *b = sim_budget_new(1000, ROOM);
    loggen_config lc = {.seed = 1, .budget = b};
    loggen *g = loggen_new(&lc, clock);
    loggen_config plain = {.seed = 1};
    loggen *ref = loggen_new(&plain, clock);
    char x[256], y[256];
    uint64_t n = 0;
    size_t len;
    while ((len = loggen_line(g, n, x, sizeof x)) > 0) {
        /* Same lines as without a budget, while it lasts. */
        assert_int_equal(loggen_line(ref, n, y, sizeof y), len);
        assert_memory_equal(x, y, len);
        n++;
    }
    assert_true(n > 10 && n < 1000);
    assert_true(sim_budget_spent(b));
    sim_error err = {0};
    assert_int_equal(loggen_write(g, 10, &err), -1);
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    expect_message(&err, "the script's work budget ran out writing log files");
    loggen_free(g);
    loggen_free(ref);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    sim_clock_free(clock);
}

static void test_loggen_write_fails_cleanly_when_memory_cap_is_reached(void **state)
{
    (void)state;
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_budget *b = sim_budget_new(LOTS, (size_t)64 << 10);
    loggen_config lc = {.seed = 1, .budget = b};
    loggen *g = loggen_new(&lc, clock);
    assert_true(sim_budget_memory_used(b) > sizeof(loggen_file));
    sim_error err = {0};
    int files = 0;
    while (loggen_write(g, 10, &err) >= 0)
        files++;
    assert_int_equal(err.code, SIM_NO_MEMORY);
    expect_message(&err, "out of memory: writing log file");
    /* The files written are all there, and the next line follows them. */
    assert_int_equal(loggen_file_count(g), (size_t)files);
    assert_int_equal(loggen_next_line(g), (uint64_t)files * 10);
    loggen *d = loggen_data_set(g);
    if (d) loggen_free(d);
    loggen_free(g);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
    sim_clock_free(clock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agent_stops_when_the_budget_is_spent),
        cmocka_unit_test(test_agent_within_budget_is_unchanged),
        cmocka_unit_test(test_agent_memory_counts_toward_the_budget),
        cmocka_unit_test(test_agent_fails_cleanly_when_memory_cap_is_reached),
        cmocka_unit_test(test_agent_json_is_charged_and_counted),
        cmocka_unit_test(test_records_made_again_are_charged),
        cmocka_unit_test(test_agent_into_firehose_within_budget_is_unchanged),
        cmocka_unit_test(test_loggen_line_stops_when_the_budget_is_spent),
        cmocka_unit_test(test_loggen_write_fails_cleanly_when_memory_cap_is_reached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
