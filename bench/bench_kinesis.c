/* Kinesis benchmarks: the course exercise at full size (LogGenerator.py
 * 500000 through the agent, CSVTOJSON, into a one-shard stream that
 * throttles, read back by a polling consumer) as one simulated run, and
 * routing throughput (MD5 of a partition key plus the shard lookup).
 * Prints the figures and writes them to bench/results/kinesis.txt (or the
 * file named by the first argument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench/bench_util.h"
#include "sim/agent.h"
#include "sim/kinesis.h"
#include "sim/kinesis_producer.h"
#include "sim/loggen.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char agent_json[] =
    "{ \"flows\": [ { \"filePattern\": \"/var/log/cadabra/*.log\",\n"
    "  \"kinesisStream\": \"CadabraOrders\", \"partitionKeyOption\": \"RANDOM\",\n"
    "  \"dataProcessingOptions\": [ { \"optionName\": \"CSVTOJSON\",\n"
    "    \"customFieldNames\": [\"InvoiceNo\", \"StockCode\", \"Description\", \"Quantity\",\n"
    "      \"InvoiceDate\", \"UnitPrice\", \"Customer\", \"Country\"] } ] } ] }";

typedef struct exercise {
    double wall_s;
    agent_stats st;
    kinesis_poller_stats ps;
    int64_t sim_ms;
    kinesis_costs costs;
} exercise;

static int run_exercise(exercise *ex)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(42);
    sim_error err = {0};
    double t0 = now_s();
    kinesis_stream_config sc = {.name = "CadabraOrders", .shards = 1};
    kinesis_stream *s = kinesis_stream_new(&sc, clock, rng, &err);
    agent *a = agent_new_json(agent_json, sizeof agent_json - 1, clock, rng, &err);
    loggen_config lc = {.seed = 42};
    loggen *g = loggen_new(&lc, clock);
    if (!s || !a || !g) {
        fprintf(stderr, "bench_kinesis: %s\n", err.message);
        return 1;
    }
    agent_attach_logs(a, g);
    agent_add_stream(a, s);
    kinesis_poller *p = kinesis_poller_new(s, KINESIS_TRIM_HORIZON, 1000, 10000);
    int64_t start = sim_clock_now(clock);
    loggen_write(g, 500000, &err);
    agent_run(a, clock, start + 2 * SIM_MS_PER_HOUR, true, p);
    /* Let the consumer catch up with the tip. */
    kinesis_poller_run(p, clock, sim_clock_now(clock) + 10000);
    ex->wall_s = now_s() - t0;
    agent_stats_get(a, &ex->st);
    kinesis_poller_stats_get(p, &ex->ps);
    ex->sim_ms = sim_clock_now(clock) - start;
    kinesis_costs_get(s, &ex->costs);
    kinesis_poller_free(p);
    agent_free(a);
    loggen_free(g);
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *outpath = argc > 1 ? argv[1] : "bench/results/kinesis.txt";
    enum { RUNS = 5 };
    double walls[RUNS];
    exercise ex = {0};
    for (int i = 0; i < RUNS; i++) {
        if (run_exercise(&ex)) return 1;
        walls[i] = ex.wall_s;
    }
    qsort(walls, RUNS, sizeof walls[0], cmp_double);
    /* Peak memory of the process so far: the five runs, one at a time. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long peak_kb = ru.ru_maxrss;

    /* Routing: MD5 of distinct keys and the lookup in a 64-shard stream. */
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    kinesis_stream_config sc = {.name = "routing", .shards = 64};
    kinesis_stream *s = kinesis_stream_new(&sc, clock, rng, NULL);
    enum { KEYS = 2000000 };
    char key[32];
    unsigned long long sum = 0;
    double t0 = now_s();
    for (int i = 0; i < KEYS; i++) {
        int n = 0;
        unsigned v = (unsigned)i;
        key[n++] = 'k';
        do {
            key[n++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        sum += (unsigned)kinesis_shard_for_key(s, key, (size_t)n);
    }
    double route_s = now_s() - t0;
    kinesis_stream_free(s);
    sim_rng_free(rng);
    sim_clock_free(clock);

    char report[2048];
    snprintf(report, sizeof report,
             "bench_kinesis (median of %d runs)\n"
             "course exercise: 500000 lines -> agent (CSVTOJSON, RANDOM keys) -> 1 shard -> "
             "consumer\n"
             "  wall time          %.1f ms (min %.1f, max %.1f)\n"
             "  simulated time     %.1f s\n"
             "  lines read         %llu\n"
             "  records sent       %llu\n"
             "  records throttled  %llu\n"
             "  retries            %llu\n"
             "  PutRecords calls   %llu\n"
             "  bytes sent         %llu\n"
             "  consumer records   %llu (calls %llu, max behind %lld ms)\n"
             "  cost               $%.4f (shard-hours %.3f, PUT units %llu)\n"
             "  peak RSS           %.1f MB (the process, one run at a time)\n"
             "routing: %d keys (MD5 + shard lookup, 64 shards)\n"
             "  %.1f ms, %.2f million records/s (checksum %llu)\n",
             RUNS, walls[RUNS / 2] * 1e3, walls[0] * 1e3, walls[RUNS - 1] * 1e3,
             (double)ex.sim_ms / 1e3, (unsigned long long)ex.st.lines_read,
             (unsigned long long)ex.st.records_sent, (unsigned long long)ex.st.records_throttled,
             (unsigned long long)ex.st.retries, (unsigned long long)ex.st.put_calls,
             (unsigned long long)ex.st.bytes_sent, (unsigned long long)ex.ps.records,
             (unsigned long long)ex.ps.calls, (long long)ex.ps.max_millis_behind,
             ex.costs.total_usd, ex.costs.shard_hours, (unsigned long long)ex.costs.put_units,
             (double)peak_kb / 1024.0, KEYS, route_s * 1e3, KEYS / route_s / 1e6, sum);
    bench_publish("bench_kinesis", report, outpath);
    return 0;
}
