/* Records kept by token (kinesis_source): what a reader gets is the bytes
 * the producer put, whether the stream kept them or makes them again; the
 * source lives as long as the stream needs it; such records cost no
 * payload memory; a stream that cannot name another source keeps the
 * bytes. Also the agent's side: its records stay readable after the agent
 * and the loggen are gone, and the loggen's cursor makes the same lines as
 * loggen_line. And retention across the stream's blocks of 1,024 records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/agent.h"
#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"
#include "sim/loggen.h"
#include "sim_fixture.h"

/* A source whose token n stands for the text "record-n". */
typedef struct counting {
    int makes, drops;
} counting;

static size_t text_of(uint64_t token, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "record-%llu", (unsigned long long)token);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap;
}

static size_t make_text(void *ctx, uint64_t token, uint8_t *buf, size_t cap)
{
    ((counting *)ctx)->makes++;
    char tmp[64];
    size_t n = text_of(token, tmp, sizeof tmp);
    n = n < cap ? n : cap;
    memcpy(buf, tmp, n);
    return n;
}

static void drop_counting(void *ctx)
{
    ((counting *)ctx)->drops++;
}

static kinesis_stream *mk(fx *f, int shards, uint64_t payload_cap)
{
    kinesis_stream_config c = {.name = "src", .shards = shards, .payload_cap = payload_cap};
    kinesis_stream *s = kinesis_stream_new(&c, f->clock, f->rng, NULL);
    assert_non_null(s);
    return s;
}

static void put_token(kinesis_stream *s, kinesis_source *src, uint64_t token)
{
    char text[64];
    kinesis_put p = {.key = "k", .key_len = 1, .source = src, .token = token};
    p.data_len = text_of(token, text, sizeof text);
    kinesis_put_result r;
    assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
}

/* Reads shard 0 from TRIM_HORIZON and checks that record i is "record-"
 * (first + i); returns how many there were. */
static size_t read_back(fx *f, kinesis_stream *s, uint64_t first)
{
    static kinesis_record_view v[10000];
    kinesis_iterator it;
    assert_int_equal(kinesis_get_shard_iterator(s, 0, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL),
                     SIM_OK);
    size_t total = 0;
    for (;;) {
        kinesis_get_result r;
        sim_status st = kinesis_get_records(s, &it, 10000, v, 10000, &r, NULL);
        if (st == SIM_PROVISIONED_THROUGHPUT_EXCEEDED) {
            sim_clock_advance(f->clock, 1000);
            continue;
        }
        assert_int_equal(st, SIM_OK);
        if (!r.count) break;
        for (size_t k = 0; k < r.count; k++) {
            char want[64];
            uint8_t buf[64];
            size_t wl = text_of(first + total + k, want, sizeof want), len;
            const uint8_t *d = kinesis_record_data(&v[k], buf, sizeof buf, &len);
            assert_non_null(d);
            assert_int_equal(len, wl);
            assert_int_equal(v[k].data_len, wl);
            assert_memory_equal(d, want, wl);
        }
        total += r.count;
        it = r.next;
    }
    return total;
}

static void test_sourced_records_read_back_as_their_bytes(void **state)
{
    fx *f = *state;
    counting c = {0};
    kinesis_source *src = kinesis_source_new(make_text, drop_counting, &c);
    kinesis_stream *s = mk(f, 1, 0);
    for (uint64_t t = 0; t < 10; t++)
        put_token(s, src, 100 + t);
    assert_int_equal(c.makes, 0); /* nothing made until it is read */
    /* The producer lets go first: the stream's reference keeps it. */
    kinesis_source_unref(src);
    assert_int_equal(c.drops, 0);
    assert_int_equal(read_back(f, s, 100), 10);
    assert_int_equal(c.makes, 10);
    /* A prefix is made when the reader asks for less. */
    kinesis_record_view v[1];
    kinesis_iterator it;
    kinesis_get_result r;
    kinesis_get_shard_iterator(s, 0, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL);
    sim_clock_advance(f->clock, 1000);
    assert_int_equal(kinesis_get_records(s, &it, 1, v, 1, &r, NULL), SIM_OK);
    uint8_t four[4];
    size_t len;
    assert_ptr_equal(kinesis_record_data(&v[0], four, sizeof four, &len), four);
    assert_int_equal(len, 4);
    assert_memory_equal(four, "reco", 4);
    kinesis_stream_free(s);
    assert_int_equal(c.drops, 1);
}

static void test_sourced_records_take_no_payload_memory(void **state)
{
    fx *f = *state;
    counting c = {0};
    kinesis_source *src = kinesis_source_new(make_text, drop_counting, &c);
    /* Room for 20 bytes of kept data: plain records past it lose their
     * bytes, records by token never do. */
    kinesis_stream *s = mk(f, 1, 20);
    kinesis_put p = {.key = "k", .key_len = 1, .data = "0123456789", .data_len = 10};
    kinesis_put_result r;
    for (int i = 0; i < 3; i++)
        assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    for (uint64_t t = 0; t < 3; t++)
        put_token(s, src, t);
    kinesis_source_unref(src);
    static kinesis_record_view v[16];
    kinesis_iterator it;
    kinesis_get_result res;
    kinesis_get_shard_iterator(s, 0, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL);
    assert_int_equal(kinesis_get_records(s, &it, 16, v, 16, &res, NULL), SIM_OK);
    assert_int_equal(res.count, 6);
    uint8_t buf[64];
    size_t len;
    assert_non_null(kinesis_record_data(&v[0], buf, sizeof buf, &len));
    assert_non_null(kinesis_record_data(&v[1], buf, sizeof buf, &len));
    assert_null(kinesis_record_data(&v[2], buf, sizeof buf, &len)); /* over the cap */
    assert_int_equal(len, 0);
    assert_int_equal(v[2].data_len, 10);
    for (int k = 3; k < 6; k++) {
        const uint8_t *d = kinesis_record_data(&v[k], buf, sizeof buf, &len);
        assert_non_null(d);
        assert_int_equal(len, 8);
        assert_memory_equal(d, k == 3 ? "record-0" : k == 4 ? "record-1" : "record-2", 8);
    }
    kinesis_stream_free(s);
    assert_int_equal(c.drops, 1);
}

static void test_a_stream_out_of_source_numbers_keeps_the_bytes(void **state)
{
    fx *f = *state;
    enum { N = 16384 }; /* one more than a stream can name */
    counting c = {0};
    kinesis_stream *s = mk(f, 1, 0);
    for (uint64_t t = 0; t < N; t++) {
        kinesis_source *src = kinesis_source_new(make_text, drop_counting, &c);
        put_token(s, src, t);
        kinesis_source_unref(src);
        if (t % 1000 == 999) sim_clock_advance(f->clock, 1000);
    }
    /* The last source was made into the stream at once, then let go. */
    assert_int_equal(c.makes, 1);
    assert_int_equal(c.drops, 1);
    sim_clock_advance(f->clock, 1000);
    assert_int_equal(read_back(f, s, 0), N);
    kinesis_stream_free(s);
    assert_int_equal(c.drops, N);
}

static void test_retention_drops_whole_blocks_and_keeps_the_rest(void **state)
{
    fx *f = *state;
    counting c = {0};
    kinesis_source *src = kinesis_source_new(make_text, drop_counting, &c);
    kinesis_stream *s = mk(f, 1, 0);
    /* 2,500 records in the first hour, 2,600 an hour later: past the
     * retention the first 2,500 go, across the blocks of 1,024. */
    for (uint64_t t = 0; t < 2500; t++) {
        put_token(s, src, t);
        if (t % 1000 == 999) sim_clock_advance(f->clock, 1000);
    }
    sim_clock_advance(f->clock, SIM_MS_PER_HOUR);
    for (uint64_t t = 2500; t < 5100; t++) {
        put_token(s, src, t);
        if (t % 1000 == 999) sim_clock_advance(f->clock, 1000);
    }
    kinesis_shard_info in;
    assert_true(kinesis_shard_get(s, 0, &in));
    assert_int_equal(in.records, 5100);
    sim_clock_advance(f->clock, 23 * SIM_MS_PER_HOUR + 30000);
    assert_true(kinesis_shard_get(s, 0, &in));
    assert_int_equal(in.records, 2600);
    assert_int_equal(read_back(f, s, 2500), 2600);
    /* New records go on after the dropped blocks, numbered on. */
    put_token(s, src, 5100);
    kinesis_put_result r;
    kinesis_put p = {.key = "k", .key_len = 1, .data = "x", .data_len = 1};
    assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    assert_int_equal(r.seq, 5101);
    kinesis_source_unref(src);
    kinesis_stream_free(s);
}

static const char agent_json[] =
    "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
    "  \"kinesisStream\": \"src\", \"partitionKeyOption\": \"RANDOM\",\n"
    "  \"dataProcessingOptions\": [ { \"optionName\": \"CSVTOJSON\",\n"
    "    \"customFieldNames\": [\"InvoiceNo\", \"StockCode\", \"Description\", \"Quantity\",\n"
    "      \"InvoiceDate\", \"UnitPrice\", \"Customer\", \"Country\"] } ] } ] }";

static void test_agent_records_outlive_the_agent_and_the_loggen(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, 2, 0);
    sim_error err = {0};
    agent *a = agent_new_json(agent_json, sizeof agent_json - 1, f->clock, f->rng, &err);
    if (!a) fail_msg("%s", err.message);
    loggen_config lc = {.seed = 5};
    loggen *g = loggen_new(&lc, f->clock);
    agent_attach_logs(a, g);
    agent_add_stream(a, s);
    assert_true(loggen_write(g, 3000, NULL) >= 0);
    agent_run(a, f->clock, sim_clock_now(f->clock) + SIM_MS_PER_HOUR, true, NULL);
    agent_stats st;
    agent_stats_get(a, &st);
    assert_int_equal(st.records_sent, 3000);
    /* What each line becomes, made before anything is freed. */
    agent_buf out = {0}, tmp = {0};
    const agent_flow_config *flow = &agent_get_config(a)->flows[0];
    char(*want)[512] = calloc(3000, sizeof *want);
    size_t *want_len = calloc(3000, sizeof *want_len);
    for (uint64_t n = 0; n < 3000; n++) {
        char line[512];
        size_t ll = loggen_line(g, n, line, sizeof line);
        assert_true(agent_process(flow, line, ll, &out, &tmp));
        assert_true(out.len < sizeof want[0]);
        memcpy(want[n], out.p, out.len);
        want_len[n] = out.len;
    }
    agent_free(a);
    loggen_free(g);
    /* Every record on both shards is its line, as JSON. */
    size_t seen = 0;
    static kinesis_record_view v[10000];
    for (int sh = 0; sh < 2; sh++) {
        kinesis_iterator it;
        kinesis_get_result r;
        assert_int_equal(
            kinesis_get_shard_iterator(s, sh, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL), SIM_OK);
        sim_clock_advance(f->clock, 1000);
        assert_int_equal(kinesis_get_records(s, &it, 10000, v, 10000, &r, NULL), SIM_OK);
        for (size_t k = 0; k < r.count; k++) {
            uint8_t buf[512];
            size_t len;
            const uint8_t *d = kinesis_record_data(&v[k], buf, sizeof buf, &len);
            assert_non_null(d);
            assert_non_null(v[k].source);
            assert_true(v[k].token < 3000);
            assert_int_equal(len, want_len[v[k].token]);
            assert_memory_equal(d, want[v[k].token], len);
        }
        seen += r.count;
    }
    assert_int_equal(seen, 3000);
    agent_buf_free(&out);
    agent_buf_free(&tmp);
    free(want);
    free(want_len);
    kinesis_stream_free(s);
}

static void test_cursor_lines_are_loggen_lines(void **state)
{
    fx *f = *state;
    loggen_config lc = {.seed = 77};
    loggen *g = loggen_new(&lc, f->clock);
    loggen *d = loggen_data_set(g);
    assert_true(loggen_write(d, 1, NULL) < 0); /* a data set has no files */
    loggen_cursor c;
    loggen_cursor_init(&c);
    char x[256], y[256];
    /* In order, then jumping back and forth across invoices. */
    for (uint64_t n = 0; n < 20000; n++) {
        size_t lx = loggen_line(g, n, x, sizeof x), ly = loggen_line_next(d, &c, n, y, sizeof y);
        assert_int_equal(lx, ly);
        assert_memory_equal(x, y, lx);
    }
    uint64_t n = 12345;
    for (int k = 0; k < 5000; k++) {
        n = (n * 6364136223846793005u + 1442695040888963407u) >> 33;
        n %= 1000000;
        size_t lx = loggen_line(g, n, x, sizeof x), ly = loggen_line_next(d, &c, n, y, sizeof y);
        assert_int_equal(lx, ly);
        assert_memory_equal(x, y, lx);
    }
    /* The last line of the data set still fits the cursor's parts; past it
     * there is no line. */
    size_t lx = loggen_line(g, LOGGEN_MAX_LINES - 1, x, sizeof x);
    assert_true(lx > 0);
    int commas = 0;
    for (size_t i = 0; i < lx; i++)
        commas += x[i] == ',';
    assert_true(commas >= 7);
    assert_int_equal(x[lx - 1], '\n');
    assert_int_equal(loggen_line(g, LOGGEN_MAX_LINES, x, sizeof x), 0);
    assert_int_equal(loggen_line_next(d, &c, UINT64_MAX, y, sizeof y), 0);
    loggen_free(d);
    loggen_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sourced_records_read_back_as_their_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sourced_records_take_no_payload_memory, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_stream_out_of_source_numbers_keeps_the_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_retention_drops_whole_blocks_and_keeps_the_rest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_agent_records_outlive_the_agent_and_the_loggen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cursor_lines_are_loggen_lines, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
