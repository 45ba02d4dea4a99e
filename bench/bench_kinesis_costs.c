/* What the Kinesis family's work costs the script's budget (sim/budget.h),
 * checked against the clock: each workload runs twice, once with no budget
 * (its CPU time, the best of three runs) and once under a budget too large to run
 * out (to read the units it charged), and the report gives the wall time
 * per unit. A unit is meant to be about one Lua VM instruction, 4 ns on the
 * reference machine: every line should read a few ns per unit, so that the
 * default budget of 200,000,000 units is a second or so of simulator work
 * whatever a script asks for. The workloads are the course exercise, and
 * the hostile ones a script can ask for (a producer far over a shard's
 * limit, resharding a large stream, writes that sort first in a bucket).
 * The per-item costs in sim/kinesis_cost.h, sim/agent_cost.h, sim/loggen.c,
 * sim/firehose.c and sim/s3.c come from the same kind of runs.
 *
 * Prints the figures and writes them to bench/results/kinesis_costs.txt (or
 * the file named by the first argument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"
#include "sim/agent.h"
#include "sim/budget.h"
#include "sim/firehose.h"
#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"
#include "sim/loggen.h"
#include "sim/s3.h"

/* One workload: run(b) does it under budget b (NULL = none). */
typedef struct workload {
    const char *name;
    void (*run)(sim_budget *b);
} workload;

static const char csv_agent_json[] =
    "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
    "  \"kinesisStream\": \"CadabraOrders\", \"partitionKeyOption\": \"RANDOM\",\n"
    "  \"dataProcessingOptions\": [ { \"optionName\": \"CSVTOJSON\",\n"
    "    \"customFieldNames\": [\"InvoiceNo\", \"StockCode\", \"Description\", \"Quantity\",\n"
    "      \"InvoiceDate\", \"UnitPrice\", \"Customer\", \"Country\"] } ] } ] }";

static kinesis_stream *stream(sim_clock *clock, sim_rng *rng, int shards, sim_budget *b)
{
    kinesis_stream_config sc = {.name = "CadabraOrders", .shards = shards, .budget = b};
    return kinesis_stream_new(&sc, clock, rng, NULL);
}

/* The course exercise: LogGenerator.py 500000 -> agent (CSVTOJSON, RANDOM
 * keys) -> one shard that throttles -> a polling consumer. */
static void agent_exercise(sim_budget *b, const char *json, int lines, int shards)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(42);
    kinesis_stream *s = stream(clock, rng, shards, b);
    agent *a = agent_new(agent_config_parse_budget(json, strlen(json), b, NULL), clock, rng, NULL);
    loggen_config lc = {.seed = 42, .budget = b};
    loggen *g = loggen_new(&lc, clock);
    agent_attach_logs(a, g);
    agent_add_stream(a, s);
    kinesis_poller *p = kinesis_poller_new(s, KINESIS_TRIM_HORIZON, 1000, 10000);
    int64_t start = sim_clock_now(clock);
    loggen_write(g, (uint64_t)lines, NULL);
    agent_run(a, clock, start + 2 * SIM_MS_PER_HOUR, true, p);
    kinesis_poller_run(p, clock, sim_clock_now(clock) + 10000);
    kinesis_poller_free(p);
    agent_free(a);
    loggen_free(g);
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

static void course_exercise(sim_budget *b)
{
    agent_exercise(b, csv_agent_json, 500000, 1);
}

static void exercise_deterministic_4_shards(sim_budget *b)
{
    static const char json[] =
        "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
        "  \"kinesisStream\": \"CadabraOrders\", \"partitionKeyOption\": \"DETERMINISTIC\" } ] }";
    agent_exercise(b, json, 200000, 4);
}

static void exercise_to_firehose(sim_budget *b)
{
    static const char json[] = "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
                               "  \"deliveryStream\": \"orders\", \"initialPosition\": "
                               "\"START_OF_FILE\" } ] }";
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(42);
    s3 *st = s3_new(0);
    s3_set_budget(st, b);
    s3_create_bucket(st, "orders", NULL);
    firehose_config fc = {.name = "orders", .bucket = "orders", .size_bytes = 1 << 20, .budget = b};
    firehose_stream *h = firehose_new(&fc, clock, rng, st, NULL);
    agent *a = agent_new(agent_config_parse_budget(json, strlen(json), b, NULL), clock, rng, NULL);
    loggen_config lc = {.seed = 42, .budget = b};
    loggen *g = loggen_new(&lc, clock);
    agent_attach_logs(a, g);
    agent_add_delivery(a, h);
    loggen_write(g, 300000, NULL);
    agent_run(a, clock, sim_clock_now(clock) + SIM_MS_PER_HOUR, true, NULL);
    agent_free(a);
    loggen_free(g);
    firehose_free(h);
    s3_free(st);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* A producer far over one shard's limit: most of its time goes to walking
 * a queue of throttled records, tick after tick. */
static void produce(sim_budget *b, int shards, double rate, int64_t ms, int keys)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    kinesis_stream *s = stream(clock, rng, shards, b);
    kinesis_producer_config pc = {
        .rate = rate, .duration_ms = ms, .record_size = 100, .keys = keys, .max_retries = 5};
    kinesis_producer_summary sum;
    kinesis_produce(s, clock, rng, &pc, &sum, NULL);
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

static void produce_over_one_shard(sim_budget *b)
{
    produce(b, 1, 2e5, 1000, 1000);
}

static void produce_into_200_shards(sim_budget *b)
{
    produce(b, 200, 1e5, 10000, 100000);
}

/* The course scenario's boto3 producer: two shards at 95% of their limit
 * for the time 500,000 lines take. */
static void produce_near_the_limit(sim_budget *b)
{
    produce(b, 2, 1900, 264000, 1000);
}

static void produce_slowly_ticking(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    kinesis_stream *s = stream(clock, rng, 1, b);
    kinesis_producer_config pc = {
        .rate = 0.01, .duration_ms = 5000000, .record_size = 100, .keys = 1, .batch_ms = 1};
    kinesis_producer_summary sum;
    kinesis_produce(s, clock, rng, &pc, &sum, NULL);
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* PutRecords as a script makes them: 500 records of 1 KiB kept, routed by
 * MD5 over 16 shards, then read back. */
static void put_and_read(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    kinesis_stream *s = stream(clock, rng, 16, b);
    static char data[1024];
    memset(data, 'x', sizeof data);
    kinesis_put p[500];
    kinesis_put_result res[500];
    char keys[500][16];
    for (int i = 0; i < 500; i++) {
        int n = snprintf(keys[i], sizeof keys[i], "user-%d", i);
        p[i] = (kinesis_put){.key = keys[i], .key_len = (size_t)n, .data = data, .data_len = 1024};
    }
    for (int k = 0; k < 400; k++) {
        size_t failed;
        kinesis_put_records(s, p, 500, res, &failed, NULL);
        if (k % 4 == 3) sim_clock_advance(clock, 1000);
    }
    kinesis_record_view *v = malloc(10000 * sizeof *v);
    for (int rep = 0; rep < 20; rep++) {
        for (int sh = 0; sh < 16; sh++) {
            kinesis_iterator it;
            kinesis_get_result r;
            kinesis_get_shard_iterator(s, sh, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL);
            for (;;) {
                sim_clock_advance(clock, 200);
                if (kinesis_get_records(s, &it, 10000, v, 10000, &r, NULL) != SIM_OK || !r.count)
                    break;
                it = r.next;
            }
        }
    }
    free(v);
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* Resharding a large stream: UpdateShardCount 3000 -> 6000, then splits
 * of the shards with the lowest hash keys, whose children land at the
 * front of the index. */
static void reshard(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    kinesis_stream *s = stream(clock, rng, 3000, b);
    kinesis_update_shard_count(s, 6000, NULL);
    for (int k = 0; k < 2000; k++) {
        kinesis_shard_info in;
        kinesis_shard_get(s, 3000 + k, &in);
        kinesis_split_shard(s, 3000 + k, in.start + (in.end - in.start) / 2, NULL);
    }
    for (int k = 0; k < 200; k++) {
        kinesis_costs c;
        kinesis_costs_get(s, &c);
    }
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* A consumer polling 64 idle shards every millisecond for a minute. */
static void poll_idle_shards(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    kinesis_stream *s = stream(clock, rng, 64, b);
    kinesis_poller *p = kinesis_poller_new(s, KINESIS_LATEST, 1, 100);
    kinesis_poller_run(p, clock, sim_clock_now(clock) + 60000);
    kinesis_poller_free(p);
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* Lines made one at a time (logs:line(n)), and many small log files. */
static void loggen_lines_and_files(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    loggen_config lc = {.seed = 7, .budget = b};
    loggen *g = loggen_new(&lc, clock);
    char buf[512];
    size_t sum = 0;
    for (uint64_t n = 0; n < 2000000; n++)
        sum += loggen_line(g, n * 7919, buf, sizeof buf);
    for (int k = 0; k < 5000; k++)
        loggen_write(g, 10, NULL);
    loggen_free(g);
    sim_clock_free(clock);
    if (sum == 1) puts("");
}

/* S3 puts: 1 MiB objects kept, then metadata-only objects whose keys sort
 * before all the others (each moves every object up). */
static void s3_puts(sim_budget *b)
{
    s3 *st = s3_new(UINT64_C(1) << 40);
    s3_set_budget(st, b);
    s3_create_bucket(st, "bkt", NULL);
    char *big = malloc(1 << 20);
    memset(big, 'z', 1 << 20);
    char key[64];
    for (int k = 0; k < 100; k++) {
        snprintf(key, sizeof key, "data/%06d", k);
        s3_put_object(st, "bkt", key, big, 1 << 20, 0, NULL);
    }
    for (int k = 0; k < 100000; k++) {
        snprintf(key, sizeof key, "logs/%08d", k);
        s3_put_object(st, "bkt", key, NULL, 100, 0, NULL);
    }
    for (int k = 0; k < 20000; k++) {
        snprintf(key, sizeof key, "a/%08d", 20000 - k);
        s3_put_object(st, "bkt", key, NULL, 100, 0, NULL);
    }
    for (int k = 0; k < 50; k++)
        s3_list(st, "bkt", "logs/", NULL, NULL);
    free(big);
    s3_free(st);
}

static const workload workloads[] = {
    {"course exercise (500,000 lines, 1 shard)", course_exercise},
    {"agent, DETERMINISTIC keys, 4 shards (200,000)", exercise_deterministic_4_shards},
    {"agent into Firehose and S3 (300,000 lines)", exercise_to_firehose},
    {"produce 200,000/s for 1 s into 1 shard", produce_over_one_shard},
    {"produce 100,000/s for 10 s into 200 shards", produce_into_200_shards},
    {"produce 1,900/s for 264 s into 2 shards", produce_near_the_limit},
    {"produce 0.01/s, 1 ms ticks, 5,000 s", produce_slowly_ticking},
    {"PutRecords 200,000 x 1 KiB (16 shards), read x20", put_and_read},
    {"reshard 3,000 -> 6,000 shards, 2,000 splits", reshard},
    {"poll 64 idle shards every 1 ms for 60 s", poll_idle_shards},
    {"loggen: 2,000,000 lines, 5,000 files", loggen_lines_and_files},
    {"S3: 100 x 1 MiB, 120,000 puts, 50 listings", s3_puts},
};

int main(int argc, char **argv)
{
    const char *outpath = argc > 1 ? argv[1] : "bench/results/kinesis_costs.txt";
    char report[8192];
    size_t o = 0;
    o += (size_t)snprintf(report + o, sizeof report - o,
                          "bench_kinesis_costs: CPU time (best of 3, no budget) per unit "
                          "charged\n%-50s %10s %12s %8s\n",
                          "workload", "ms", "units", "ns/unit");
    double total_ms = 0;
    uint64_t total_units = 0;
    for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
        bench_cost c = bench_measure_cost(workloads[i].run);
        double best = c.best_s;
        uint64_t units = c.units;
        size_t left = c.left;
        total_ms += best * 1e3;
        total_units += units;
        o += (size_t)snprintf(report + o, sizeof report - o, "%-50s %10.1f %12llu %8.2f%s\n",
                              workloads[i].name, best * 1e3, (unsigned long long)units,
                              units ? best * 1e9 / (double)units : 0.0,
                              left ? "  (memory left after free!)" : "");
    }
    o += (size_t)snprintf(report + o, sizeof report - o, "%-50s %10.1f %12llu %8.2f\n", "all",
                          total_ms, (unsigned long long)total_units,
                          total_ms * 1e6 / (double)total_units);
    bench_publish("bench_kinesis_costs", report, outpath);
    return 0;
}
