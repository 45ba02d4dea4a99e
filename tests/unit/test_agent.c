/* The Kinesis Agent: agent.json parsing against the documented settings
 * and ranges, each dataProcessingOption against the agent's converters
 * (expected JSON written by hand from the documented examples), and a run
 * that throttles, retries and checkpoints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/agent.h"

static agent_config *parse_ok(const char *json)
{
    sim_error err = {0};
    agent_config *c = agent_config_parse(json, strlen(json), &err);
    if (!c) fail_msg("%s", err.message);
    return c;
}

static void expect_error(const char *json, const char *needle)
{
    sim_error err = {0};
    agent_config *c = agent_config_parse(json, strlen(json), &err);
    assert_null(c);
    if (!strstr(err.message, needle)) fail_msg("'%s' does not mention '%s'", err.message, needle);
}

#define FLOW(extra)                                                                                \
    "{\"flows\":[{\"filePattern\":\"/var/log/cadabra/*.log\",\"kinesisStream\":\"S\"" extra "}]}"

static void test_course_config_parses_with_defaults(void **state)
{
    (void)state;
    agent_config *c = parse_ok(FLOW(""));
    assert_int_equal(c->nflows, 1);
    agent_flow_config *f = &c->flows[0];
    assert_string_equal(f->file_pattern, "/var/log/cadabra/*.log");
    assert_string_equal(f->kinesis_stream, "S");
    assert_false(f->start_of_file); /* END_OF_FILE */
    assert_int_equal(f->max_buffer_age_ms, 60000);
    assert_int_equal(f->max_buffer_bytes, 4194304);
    assert_int_equal(f->max_buffer_records, 500);
    assert_false(f->deterministic_key); /* RANDOM */
    agent_config_free(c);
}

static void test_out_of_range_settings_name_the_field(void **state)
{
    (void)state;
    expect_error(FLOW(",\"maxBufferSizeRecords\":501"), "flows[0].maxBufferSizeRecords");
    expect_error(FLOW(",\"maxBufferSizeRecords\":0"), "flows[0].maxBufferSizeRecords");
    expect_error(FLOW(",\"maxBufferAgeMillis\":999"), "flows[0].maxBufferAgeMillis");
    expect_error(FLOW(",\"maxBufferAgeMillis\":900001"), "flows[0].maxBufferAgeMillis");
    expect_error(FLOW(",\"maxBufferSizeBytes\":4194305"), "flows[0].maxBufferSizeBytes");
    expect_error(FLOW(",\"maxBufferSizeBytes\":\"4MB\""), "flows[0].maxBufferSizeBytes");
    expect_error(FLOW(",\"initialPosition\":\"BEGINNING\""), "flows[0].initialPosition");
    expect_error(FLOW(",\"partitionKeyOption\":\"random\""), "flows[0].partitionKeyOption");
    expect_error(FLOW(",\"filepattern\":\"x\""), "did you mean filePattern");
    expect_error("{\"flows\":[{\"kinesisStream\":\"S\"}]}", "flows[0].filePattern");
    expect_error("{\"flows\":[{\"filePattern\":\"/x\"}]}", "kinesisStream or deliveryStream");
    expect_error("{\"flows\":[{\"filePattern\":\"/x\",\"kinesisStream\":\"a\","
                 "\"deliveryStream\":\"b\"}]}",
                 "exactly one");
    expect_error("{}", "flows");
    expect_error("[]", "JSON object");
}

static void test_processing_option_errors_name_the_field(void **state)
{
    (void)state;
    expect_error(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"CSVTOJSON\"}]"),
                 "flows[0].dataProcessingOptions[0].customFieldNames");
    expect_error(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"LOGTOJSON\"}]"),
                 "flows[0].dataProcessingOptions[0].logFormat");
    expect_error(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"LOGTOJSON\","
                      "\"logFormat\":\"NGINX\"}]"),
                 "logFormat");
    expect_error(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"LOGTOJSON\","
                      "\"logFormat\":\"SYSLOG\",\"customFieldNames\":[\"a\"]}]"),
                 "customFieldNames");
    expect_error(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"TOUPPER\"}]"),
                 "dataProcessingOptions[0].optionName");
}

static void test_json_syntax_error_gives_line_and_column(void **state)
{
    (void)state;
    expect_error("{\n  \"flows\": [\n    {\"filePattern\": }\n  ]\n}", "agent.json:3:");
    expect_error("", "agent.json:");
    expect_error("{\"flows\":[], \"flows\":[]}", "agent.json:"); /* duplicate key */
    expect_error("{\"flows\":[{}]} trailing", "agent.json:1:");
}

static const char *run_proc(const char *json, const char *line, agent_buf *out)
{
    agent_config *c = parse_ok(json);
    agent_buf tmp = {0};
    bool ok = agent_process(&c->flows[0], line, strlen(line), out, &tmp);
    agent_buf_free(&tmp);
    agent_config_free(c);
    if (!ok) return NULL;
    agent_buf_reserve(out, out->len + 1);
    out->p[out->len] = '\0';
    return out->p;
}

static void test_csvtojson_output_is_exact(void **state)
{
    (void)state;
    agent_buf out = {0};
    const char *cfg = FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"CSVTOJSON\","
                           "\"customFieldNames\":[\"InvoiceNo\",\"StockCode\",\"Description\","
                           "\"Quantity\",\"InvoiceDate\",\"UnitPrice\",\"Customer\","
                           "\"Country\"]}]");
    assert_string_equal(
        run_proc(cfg,
                 "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,"
                 "17850,United Kingdom\n",
                 &out),
        "{\"InvoiceNo\":\"536365\",\"StockCode\":\"85123A\",\"Description\":\"WHITE HANGING "
        "HEART T-LIGHT HOLDER\",\"Quantity\":\"6\",\"InvoiceDate\":\"12/1/2010 8:26\","
        "\"UnitPrice\":\"2.55\",\"Customer\":\"17850\",\"Country\":\"United Kingdom\"}\n");
    /* Missing columns are null; an empty middle column stays ""; Java's
     * split drops the trailing empty ones. */
    assert_string_equal(run_proc(cfg, "1,,3,,,\n", &out),
                        "{\"InvoiceNo\":\"1\",\"StockCode\":\"\",\"Description\":\"3\","
                        "\"Quantity\":null,\"InvoiceDate\":null,\"UnitPrice\":null,"
                        "\"Customer\":null,\"Country\":null}\n");
    /* Quotes are not CSV quoting to the agent; JSON escapes them. */
    assert_string_equal(
        run_proc(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"CSVTOJSON\","
                      "\"customFieldNames\":[\"a\",\"b\"],\"delimiter\":\"\\\\t\"}]"),
                 "say \"hi\"\tx,y\n", &out),
        "{\"a\":\"say \\\"hi\\\"\",\"b\":\"x,y\"}\n");
    agent_buf_free(&out);
}

static void test_singleline_trims_and_joins(void **state)
{
    (void)state;
    agent_buf out = {0};
    assert_string_equal(
        run_proc(FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"SINGLELINE\"}]"),
                 "  first line  \n\tsecond\n", &out),
        "first linesecond\n");
    agent_buf_free(&out);
}

#define LOGCFG(fmt)                                                                                \
    FLOW(",\"dataProcessingOptions\":[{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"" fmt "\"}]")

static void test_logtojson_common_apache(void **state)
{
    (void)state;
    agent_buf out = {0};
    /* The example in the Firehose developer guide. */
    assert_string_equal(
        run_proc(LOGCFG("COMMONAPACHELOG"),
                 "64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] \"GET /mailman/listinfo/"
                 "hsdivision HTTP/1.1\" 200 6291\n",
                 &out),
        "{\"host\":\"64.242.88.10\",\"ident\":null,\"authuser\":null,\"datetime\":\"07/Mar/"
        "2004:16:10:02 -0800\",\"request\":\"GET /mailman/listinfo/hsdivision HTTP/1.1\","
        "\"response\":\"200\",\"bytes\":\"6291\"}\n");
    assert_null(run_proc(LOGCFG("COMMONAPACHELOG"), "not a log line\n", &out));
    agent_buf_free(&out);
}

static void test_logtojson_combined_apache(void **state)
{
    (void)state;
    agent_buf out = {0};
    assert_string_equal(
        run_proc(LOGCFG("COMBINEDAPACHELOG"),
                 "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif "
                 "HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 "
                 "[en] (Win98; I ;Nav)\"\n",
                 &out),
        "{\"host\":\"127.0.0.1\",\"ident\":null,\"authuser\":\"frank\",\"datetime\":\"10/Oct/"
        "2000:13:55:36 -0700\",\"request\":\"GET /apache_pb.gif HTTP/1.0\",\"response\":\"200\","
        "\"bytes\":\"2326\",\"referer\":\"http://www.example.com/start.html\",\"agent\":"
        "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"}\n");
    agent_buf_free(&out);
}

static void test_logtojson_apache_error(void **state)
{
    (void)state;
    agent_buf out = {0};
    assert_string_equal(
        run_proc(LOGCFG("APACHEERRORLOG"),
                 "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] "
                 "[client 72.15.99.187] File does not exist: /usr/local/apache2/htdocs/"
                 "favicon.ico\n",
                 &out),
        "{\"timestamp\":\"Fri Sep 09 10:42:29.902022 2011\",\"module\":\"core\",\"severity\":"
        "\"error\",\"processid\":\"35708\",\"threadid\":\"4328636416\",\"client\":"
        "\"72.15.99.187\",\"message\":\"File does not exist: /usr/local/apache2/htdocs/"
        "favicon.ico\"}\n");
    agent_buf_free(&out);
}

static void test_logtojson_syslog(void **state)
{
    (void)state;
    agent_buf out = {0};
    assert_string_equal(
        run_proc(LOGCFG("SYSLOG"),
                 "Mar 12 12:00:08 server2 rcd[308]: Loaded 12 packages in "
                 "'ximian-red-carpet|351' (0.01878 seconds)\n",
                 &out),
        "{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\",\"program\":\"rcd\","
        "\"processid\":\"308\",\"message\":\"Loaded 12 packages in 'ximian-red-carpet|351' "
        "(0.01878 seconds)\"}\n");
    agent_buf_free(&out);
}

/* --- a run --------------------------------------------------------------- */

typedef struct rig {
    sim_clock *clock;
    sim_rng *rng;
    kinesis_stream *s;
    loggen *g;
    agent *a;
} rig;

static void rig_open(rig *r, const char *json, bool write_first)
{
    r->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    r->rng = sim_rng_new(5);
    kinesis_stream_config sc = {.name = "S", .shards = 1};
    r->s = kinesis_stream_new(&sc, r->clock, r->rng, NULL);
    loggen_config lc = {.seed = 3};
    r->g = loggen_new(&lc, r->clock);
    if (write_first) {
        loggen_write(r->g, 3000, NULL);
        sim_clock_advance(r->clock, 1000);
    }
    sim_error err = {0};
    r->a = agent_new_json(json, strlen(json), r->clock, r->rng, &err);
    if (!r->a) fail_msg("%s", err.message);
    agent_attach_logs(r->a, r->g);
    agent_add_stream(r->a, r->s);
    if (!write_first) loggen_write(r->g, 3000, NULL);
}

static void rig_close(rig *r)
{
    agent_free(r->a);
    loggen_free(r->g);
    kinesis_stream_free(r->s);
    sim_rng_free(r->rng);
    sim_clock_free(r->clock);
}

static void test_agent_sends_everything_retrying_throttled_records(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, FLOW(""), false);
    int64_t t0 = sim_clock_now(r.clock);
    agent_run(r.a, r.clock, t0 + SIM_MS_PER_HOUR, true, NULL);
    agent_stats st;
    agent_stats_get(r.a, &st);
    assert_int_equal(st.lines_read, 3000);
    assert_int_equal(st.records_sent, 3000);
    assert_true(st.records_throttled > 0); /* 3,000 records, 1,000/s */
    assert_int_equal(st.retries, st.records_throttled);
    assert_int_equal(st.records_pending, 0);
    /* At 1,000 records a second the last ones go in no earlier than 2 s in. */
    assert_true(st.last_send_ms - t0 >= 2000);
    uint64_t cp;
    assert_true(agent_checkpoint(r.a, 0, 0, &cp));
    assert_int_equal(cp, 3000);
    kinesis_shard_totals t;
    kinesis_stream_totals_get(r.s, &t);
    assert_int_equal(t.records_in, 3000);
    rig_close(&r);
}

static void test_end_of_file_skips_what_was_there_before_start(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, FLOW(""), true);
    agent_run(r.a, r.clock, sim_clock_now(r.clock) + 120000, true, NULL);
    agent_stats st;
    agent_stats_get(r.a, &st);
    assert_int_equal(st.lines_read, 0);
    rig_close(&r);
    rig_open(&r, FLOW(",\"initialPosition\":\"START_OF_FILE\""), true);
    agent_run(r.a, r.clock, sim_clock_now(r.clock) + 120000, true, NULL);
    agent_stats_get(r.a, &st);
    assert_int_equal(st.records_sent, 3000);
    rig_close(&r);
}

static void test_partial_buffer_waits_for_max_buffer_age(void **state)
{
    (void)state;
    rig r;
    r.clock = NULL;
    rig_open(&r, FLOW(",\"maxBufferAgeMillis\":5000,\"maxBufferSizeRecords\":400"), false);
    int64_t t0 = sim_clock_now(r.clock);
    agent_run(r.a, r.clock, t0 + 4999, false, NULL);
    agent_stats st;
    agent_stats_get(r.a, &st);
    /* 3,000 = 7 full buffers of 400 and one of 200 that is not yet old. */
    assert_int_equal(st.records_pending, 200);
    agent_run(r.a, r.clock, t0 + 60000, true, NULL);
    agent_stats_get(r.a, &st);
    assert_int_equal(st.records_sent, 3000);
    rig_close(&r);
}

static void test_deterministic_key_is_md5_of_the_data(void **state)
{
    (void)state;
    rig r;
    rig_open(&r,
             FLOW(",\"partitionKeyOption\":\"DETERMINISTIC\",\"initialPosition\":"
                  "\"START_OF_FILE\""),
             false);
    agent_run(r.a, r.clock, sim_clock_now(r.clock) + SIM_MS_PER_HOUR, true, NULL);
    kinesis_iterator it;
    kinesis_get_shard_iterator(r.s, 0, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL);
    kinesis_record_view v[2];
    kinesis_get_result res;
    assert_int_equal(kinesis_get_records(r.s, &it, 2, v, 2, &res, NULL), SIM_OK);
    assert_int_equal(v[0].key_len, 32);
    /* Both hex digests differ from each other and are lowercase hex. */
    for (size_t i = 0; i < 32; i++)
        assert_non_null(strchr("0123456789abcdef", v[0].key[i]));
    assert_memory_not_equal(v[0].key, v[1].key, 32);
    rig_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_course_config_parses_with_defaults),
        cmocka_unit_test(test_out_of_range_settings_name_the_field),
        cmocka_unit_test(test_processing_option_errors_name_the_field),
        cmocka_unit_test(test_json_syntax_error_gives_line_and_column),
        cmocka_unit_test(test_csvtojson_output_is_exact),
        cmocka_unit_test(test_singleline_trims_and_joins),
        cmocka_unit_test(test_logtojson_common_apache),
        cmocka_unit_test(test_logtojson_combined_apache),
        cmocka_unit_test(test_logtojson_apache_error),
        cmocka_unit_test(test_logtojson_syslog),
        cmocka_unit_test(test_agent_sends_everything_retrying_throttled_records),
        cmocka_unit_test(test_end_of_file_skips_what_was_there_before_start),
        cmocka_unit_test(test_partial_buffer_waits_for_max_buffer_age),
        cmocka_unit_test(test_deterministic_key_is_md5_of_the_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
