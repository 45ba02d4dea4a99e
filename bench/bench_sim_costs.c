/* What the ElastiCache, Glue, EMR, Glacier and policy work costs the
 * script's budget (sim/budget.h), checked against the clock: each workload
 * runs with no budget (its CPU time, the best of three runs) and once under
 * a budget too large to run out (to read the units it charged), and the
 * report gives the CPU time per unit. A unit is meant to be about one Lua
 * VM instruction, 4 ns on the reference machine, except for ElastiCache,
 * whose units stand for 10 ns of cache work (sim/elasticache_cost.h says
 * why): every line should read within a factor of 2 of its target, so that
 * the default budget of 200,000,000 units is a second or two of simulator
 * work whatever a script asks for. The workloads are the bundled
 * scenarios' calls and the hostile ones a script can make (a cache-aside
 * workload of 10^7 operations, crawls of deep and wide objects, resize
 * loops, vaults of many archives and jobs, backtracking wildcards). The
 * per-item costs in sim/elasticache_cost.h, sim/glue_cost.h,
 * sim/emr_cost.h, sim/glacier_cost.h and sim/policy_cost.h come from the
 * same kind of runs.
 *
 * Prints the figures and writes them to bench/results/sim_costs.txt (or
 * the file named by the first argument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"
#include "sim/budget.h"
#include "sim/elasticache.h"
#include "sim/emr.h"
#include "sim/glacier.h"
#include "sim/glue.h"
#include "sim/policy.h"
#include "sim/units.h"

/* One workload: run(b) does it under budget b (NULL = none). */
typedef struct workload {
    const char *name;
    double target_ns; /* what a unit stands for */
    void (*run)(sim_budget *b);
} workload;

/* --- ElastiCache ----------------------------------------------------------- */

static void cache_workload(sim_budget *b, elasticache_config cfg, elasticache_workload w)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    cfg.name = "bench";
    cfg.budget = b;
    elasticache_cluster *c = elasticache_new(&cfg, clock, rng, NULL);
    elasticache_workload_result r;
    elasticache_run_workload(c, &w, &r, NULL);
    elasticache_free(c);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* c:workload{ keys = 1e6, ops = 1e7 }, its first half million operations. */
static void cache_hostile(sim_budget *b)
{
    cache_workload(b, (elasticache_config){0},
                   (elasticache_workload){.keys = 1000000, .ops = 500000});
}

static void cache_evicting(sim_budget *b)
{
    cache_workload(b, (elasticache_config){.policy = ELASTICACHE_ALLKEYS_LRU},
                   (elasticache_workload){.keys = 1000000, .ops = 300000});
}

static void cache_big(sim_budget *b)
{
    cache_workload(b, (elasticache_config){.node_memory = (uint64_t)1 << 30},
                   (elasticache_workload){.keys = 1000000, .ops = 600000, .ttl_ms = 30000});
}

/* The engines scenario's page cache, volatile-lru and allkeys-lru. */
static void cache_pages(sim_budget *b)
{
    elasticache_workload w = {.keys = 80000, .ops = 200000, .value_bytes = 2048, .ops_per_s = 2000};
    cache_workload(b, (elasticache_config){.node_memory = 32 << 20}, w);
    cache_workload(
        b, (elasticache_config){.node_memory = 32 << 20, .policy = ELASTICACHE_ALLKEYS_LRU}, w);
}

static void cache_memcached_40(sim_budget *b)
{
    cache_workload(b,
                   (elasticache_config){
                       .engine = ELASTICACHE_MEMCACHED, .shards = 40, .node_memory = 64 << 20},
                   (elasticache_workload){.keys = 200000, .ops = 300000, .write_share = 0.2});
}

/* Commands one at a time, as a script's loop makes them, and a reboot. */
static void cache_commands(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_rng *rng = sim_rng_new(1);
    elasticache_config cfg = {.name = "bench", .engine = ELASTICACHE_MEMCACHED, .budget = b};
    elasticache_cluster *c = elasticache_new(&cfg, clock, rng, NULL);
    char key[32];
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 60000; i++) {
        int n = snprintf(key, sizeof key, "session:%d", i);
        elasticache_set(c, key, (size_t)n, "user", 4, 0, NULL);
    }
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int n = snprintf(key, sizeof key, "session:%d", (int)(x % 60000));
        elasticache_get_result g;
        elasticache_get(c, key, (size_t)n, &g, NULL);
    }
    elasticache_reboot(c, 0, NULL, NULL);
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "member-%d", i);
        elasticache_zadd(c, "board", 5, key, (size_t)n, i, NULL, NULL);
    }
    elasticache_free(c);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* --- Glue ------------------------------------------------------------------ */

static s3 *bucket_of(int n, int depth, int fanout, const char *data)
{
    s3 *st = s3_new(0);
    s3_create_bucket(st, "lake", NULL);
    char key[2048];
    for (int i = 0; i < n; i++) {
        size_t w = 0;
        for (int d = 0, x = i; d < depth; d++, x /= fanout)
            w += (size_t)snprintf(key + w, sizeof key - w, "k%d=%d/", d, x % fanout);
        snprintf(key + w, sizeof key - w, "part-%d.json", i);
        s3_put_object(st, "lake", key, data, data ? strlen(data) : 100, 0, NULL);
    }
    return st;
}

static void crawl_of(sim_budget *b, s3 *st, int level, int scans)
{
    glue_crawl_config cfg = {.bucket = "lake", .path = "", .table_level = level, .budget = b};
    glue_catalog *cat = glue_crawl(st, &cfg, NULL);
    const glue_table *t = cat ? glue_table_at(cat, 0) : NULL;
    for (int k = 0; t && k < scans; k++) {
        glue_predicate p = {t->nkeys ? t->partition_keys[0] : NULL, "1", "3"};
        glue_scan s;
        glue_scan_estimate(t, &p, t->nkeys ? 1 : 0, &s, NULL);
    }
    glue_catalog_free(cat);
}

/* Each glue workload builds its bucket once; only the crawls are timed. */
static s3 *lake_meta, *lake_deep, *lake_json, *lake_wide;

static void glue_meta(sim_budget *b)
{
    crawl_of(b, lake_meta, 0, 200);
}

static void glue_deep(sim_budget *b)
{
    crawl_of(b, lake_deep, 0, 0);
}

static void glue_json(sim_budget *b)
{
    crawl_of(b, lake_json, 0, 0);
    crawl_of(b, lake_json, 3, 0);
}

static void glue_wide(sim_budget *b)
{
    crawl_of(b, lake_wide, 0, 0);
}

/* --- EMR and Glacier --------------------------------------------------------- */

static void emr_night(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    emr_group g[3] = {{EMR_MASTER, "m4.large", 1, EMR_ON_DEMAND},
                      {EMR_CORE, "m4.xlarge", 10, EMR_ON_DEMAND},
                      {EMR_TASK, "m4.xlarge", 10, EMR_SPOT}};
    emr_config cfg = {.name = "bench", .groups = g, .ngroups = 3, .budget = b};
    emr_finding f[16];
    emr_event ev;
    emr_usage u;
    for (int i = 0; i < 2000; i++) {
        emr_cluster *c = emr_new(&cfg, clock, NULL);
        emr_review(c, EMR_WORK_COMPUTE, f, 16);
        emr_hdfs_write(c, 100, NULL);
        emr_lose_nodes(c, EMR_TASK, 3, &ev, NULL);
        emr_resize(c, 2, 40, &ev, NULL);
        emr_usage_get(c, &u);
        emr_free(c);
    }
    /* And a resize loop: lives pile up, usage sums them all. */
    emr_cluster *c = emr_new(&cfg, clock, NULL);
    for (int i = 0; i < 500; i++) {
        emr_resize(c, 2, 900, &ev, NULL);
        emr_resize(c, 2, 10, &ev, NULL);
    }
    for (int i = 0; i < 20; i++)
        emr_usage_get(c, &u);
    emr_free(c);
    sim_clock_free(clock);
}

static const char age_lock[] =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-based-on-archive-age\","
    "\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\","
    "\"Resource\":\"arn:aws:glacier:us-east-1:123456789012:vaults/bench\","
    "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";

static void glacier_vault_work(sim_budget *b)
{
    sim_clock *clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS + 400 * SIM_MS_PER_DAY);
    sim_rng *rng = sim_rng_new(1);
    glacier_config cfg = {.budget = b};
    glacier *g = glacier_new(&cfg, clock, rng);
    glacier_vault *v = glacier_create_vault(g, "bench", NULL);
    glacier_set_access_policy(v, age_lock, strlen(age_lock), NULL);
    enum { N = 20000 };
    static char ids[N][GLACIER_ID_LEN + 1];
    glacier_upload_opts o = {.size = SIM_GB, .description = "ledger"};
    for (int i = 0; i < N; i++)
        glacier_upload(v, &o, ids[i], NULL);
    for (int i = 0; i < 2000; i++) {
        glacier_call call = {0};
        glacier_authorize(v, "DeleteArchive", ids[(i * 7919) % N], &call);
    }
    char job[GLACIER_ID_LEN + 1];
    for (int i = 0; i < 500; i++)
        glacier_initiate_job(v, ids[i], GLACIER_TIER_BULK, job, NULL);
    glacier_job_info info;
    for (int i = 0; i < 5000; i++)
        glacier_describe_job(v, job, &info, NULL);
    glacier_costs costs;
    for (int i = 0; i < 200; i++)
        glacier_vault_costs(v, &costs);
    for (int i = 0; i < 200; i++)
        glacier_delete_archive(v, ids[N - 1 - i], NULL);
    glacier_free(g);
    sim_rng_free(rng);
    sim_clock_free(clock);
}

/* --- policies ------------------------------------------------------------------ */

static void policy_work(sim_budget *b)
{
    policy_request r = {
        .action = "glacier:DeleteArchive",
        .resource = "arn:aws:glacier:us-east-1:123456789012:vaults/bench",
        .principal = "arn:aws:iam::123456789012:root",
        .principal_account = "123456789012",
        .has_archive_age = true,
    };
    for (int i = 0; i < 20000; i++)
        policy_free(policy_parse_budget(age_lock, strlen(age_lock), 20 * 1024, b, NULL));
    policy *p = policy_parse_budget(age_lock, strlen(age_lock), 20 * 1024, b, NULL);
    for (int i = 0; i < 500000; i++) {
        r.archive_age_days = i & 511;
        policy_evaluate(p, &r);
    }
    policy_free(p);
    /* "*aaa...ab" against a resource of 4 KB of a's: pattern x text steps. */
    static char text[4096], pattern[2048], resource[4096];
    pattern[0] = '*';
    memset(pattern + 1, 'a', sizeof pattern - 3);
    pattern[sizeof pattern - 2] = 'b';
    memset(resource, 'a', sizeof resource - 1);
    snprintf(text, sizeof text,
             "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
             "\"Resource\":\"%s\"}]}",
             pattern);
    p = policy_parse_budget(text, strlen(text), 20 * 1024, b, NULL);
    r.resource = resource;
    for (int i = 0; i < 10; i++)
        policy_evaluate(p, &r);
    policy_free(p);
}

static const workload workloads[] = {
    {"cache: hostile workload, 500,000 of 10^7 ops", 10, cache_hostile},
    {"cache: allkeys-lru, evicting every write", 10, cache_evicting},
    {"cache: 1 GiB node, 1e6 keys, TTLs expiring", 10, cache_big},
    {"cache: the scenario's page caches (2 runs)", 10, cache_pages},
    {"cache: Memcached, 40 nodes", 10, cache_memcached_40},
    {"cache: commands one by one, a reboot, ZADDs", 10, cache_commands},
    {"glue: 20,000 objects, 4 levels, 200 scans", 4, glue_meta},
    {"glue: 1,000 objects, 120 levels", 4, glue_deep},
    {"glue: 20,000 JSON objects, two crawls", 4, glue_json},
    {"glue: 20 records of 5,000 keys", 4, glue_wide},
    {"emr: 2,000 clusters' nights, a resize loop", 4, emr_night},
    {"glacier: 20,000 archives, jobs, costs", 4, glacier_vault_work},
    {"policy: parses, evaluations, a backtracker", 4, policy_work},
};

int main(int argc, char **argv)
{
    const char *outpath = argc > 1 ? argv[1] : "bench/results/sim_costs.txt";
    lake_meta = bucket_of(20000, 4, 10, NULL);
    lake_deep = bucket_of(1000, 120, 2, NULL); /* keys of about 800 bytes */
    lake_json =
        bucket_of(20000, 4, 10, "{\"ts\":\"2024-01-01T00:00:00Z\",\"rpm\":12,\"temp\":40}\n");
    static char wide[5000 * 16];
    size_t w = 0;
    wide[w++] = '{';
    for (int i = 0; i < 5000; i++)
        w += (size_t)snprintf(wide + w, sizeof wide - w, "%s\"k%d\":%d", i ? "," : "", i, i);
    snprintf(wide + w, sizeof wide - w, "}\n");
    lake_wide = bucket_of(20, 1, 5, wide);
    char report[8192];
    size_t o = 0;
    o += (size_t)snprintf(report + o, sizeof report - o,
                          "bench_sim_costs: CPU time (best of 3, no budget) per unit charged\n"
                          "%-46s %9s %12s %8s %7s\n",
                          "workload", "ms", "units", "ns/unit", "target");
    for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
        bench_cost c = bench_measure_cost(workloads[i].run);
        double best = c.best_s;
        uint64_t units = c.units;
        size_t left = c.left;
        o += (size_t)snprintf(report + o, sizeof report - o, "%-46s %9.1f %12llu %8.2f %7.0f%s\n",
                              workloads[i].name, best * 1e3, (unsigned long long)units,
                              units ? best * 1e9 / (double)units : 0.0, workloads[i].target_ns,
                              left ? "  (memory left after free!)" : "");
    }
    s3_free(lake_meta);
    s3_free(lake_deep);
    s3_free(lake_json);
    s3_free(lake_wide);
    bench_publish("bench_sim_costs", report, outpath);
    return 0;
}
