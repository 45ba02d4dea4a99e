/* A cache-aside application against a cluster: what the course means by a
 * cache that "takes read load off the database". Each operation picks a
 * key (a hot share of the requests go to a hot fraction of the keys), then
 * either reads it through the cache - a GET, and on a miss a database read
 * and a SET - or updates it - a database write, then a SET (write-through).
 * The clock moves to each operation's time, so TTLs expire as they would. */
#include <stdio.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/elasticache_internal.h"

static sim_status check(const elasticache_workload *w, sim_error *err)
{
    if (w->keys < 1 || w->keys > 10000000)
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "keys must be between 1 and 10,000,000");
    if (w->ops < 1 || w->ops > 10000000)
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "ops must be between 1 and 10,000,000");
    if (!(w->ops_per_s >= 0 && w->ops_per_s <= 1e7))
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                        "ops_per_s must be between 0 (meaning 1,000) and 10,000,000");
    double shares[3] = {w->write_share, w->hot_keys, w->hot_requests};
    static const char *const names[3] = {"write_share", "hot_keys", "hot_requests"};
    for (int i = 0; i < 3; i++)
        if (!(shares[i] >= 0 && shares[i] <= 1))
            return sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "%s must be between 0 and 1",
                            names[i]);
    if (w->value_bytes > ((size_t)1 << 20))
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                        "value_bytes must be between 1 and 1 MiB");
    if (w->ttl_ms < 0 || w->ttl_ms > elasticache_default_limits()->ttl_max_ms)
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "ttl must be between 0 and 100 years");
    return SIM_OK;
}

static uint64_t pick_key(elasticache_cluster *c, const elasticache_workload *w, uint64_t hot_n)
{
    double hot_requests = w->hot_requests > 0 ? w->hot_requests : 0.8;
    bool hot = hot_n >= w->keys || sim_rng_uniform(c->rng) < hot_requests;
    if (hot) return (uint64_t)sim_rng_range(c->rng, 0, (int64_t)hot_n - 1);
    return hot_n + (uint64_t)sim_rng_range(c->rng, 0, (int64_t)(w->keys - hot_n) - 1);
}

/* What the workload did, from the cluster's counters since `before`. */
static void finish(const elasticache_cluster *c, const elasticache_stats *before, int64_t start,
                   elasticache_workload_result *out)
{
    elasticache_stats after;
    elasticache_stats_get(c, -1, &after);
    out->evictions = after.evictions - before->evictions;
    out->expirations = after.expirations - before->expirations;
    out->oom_errors = after.oom_errors - before->oom_errors;
    out->hit_ratio = out->reads ? (double)out->hits / (double)out->reads : 0;
    out->elapsed_ms = sim_clock_now(c->clock) - start;
}

sim_status elasticache_run_workload(elasticache_cluster *c, const elasticache_workload *w,
                                    elasticache_workload_result *out, sim_error *err)
{
    memset(out, 0, sizeof *out);
    sim_status st = check(w, err);
    if (st != SIM_OK) return st;
    double rate = w->ops_per_s > 0 ? w->ops_per_s : 1000;
    double hot_keys = w->hot_keys > 0 ? w->hot_keys : 0.2;
    size_t vbytes = w->value_bytes ? w->value_bytes : 1000;
    uint64_t hot_n = (uint64_t)((double)w->keys * hot_keys);
    if (hot_n < 1) hot_n = 1;
    if (hot_n > w->keys) hot_n = w->keys;
    elasticache_stats before;
    elasticache_stats_get(c, -1, &before);
    int64_t start = sim_clock_now(c->clock);
    /* At most 10^7 operations at 0.001 a second: 10^13 seconds of clock. */
    double span_ms = (double)w->ops * 1000.0 / rate;
    if (span_ms + (double)w->ttl_ms >= (double)(INT64_MAX - start))
        return sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                        "the workload would run the clock past its end");
    /* Each operation is charged its own share, and its GET and SET theirs,
     * before it runs; when the budget runs out the workload stops there,
     * and `out` counts the operations that ran. */
    for (uint64_t i = 0; i < w->ops; i++) {
        if (!ec_charge(c, EC_COST_WORKLOAD_OP)) break;
        int64_t at = start + (int64_t)((double)i * 1000.0 / rate);
        int64_t now = sim_clock_now(c->clock);
        if (at > now) sim_clock_advance(c->clock, at - now);
        char key[32];
        int klen = snprintf(key, sizeof key, "key:%llu", (unsigned long long)pick_key(c, w, hot_n));
        bool write = w->write_share > 0 && sim_rng_uniform(c->rng) < w->write_share;
        if (!write) {
            elasticache_get_result g;
            sim_status gs = elasticache_get(c, key, (size_t)klen, &g, NULL);
            if (gs == SIM_BUDGET_EXCEEDED) break;
            out->reads++;
            if (gs == SIM_OK && g.hit) {
                out->hits++;
                continue;
            }
            out->misses++;
            out->db_reads++;
        }
        sim_status s = elasticache_set(c, key, (size_t)klen, NULL, vbytes, w->ttl_ms, NULL);
        if (write) {
            out->writes++;
            out->db_writes++;
        }
        if (s == SIM_BUDGET_EXCEEDED) break;
        if (s != SIM_OK && s != SIM_ENGINE_ERROR) {
            finish(c, &before, start, out);
            return sim_fail(err, s, "out of memory");
        }
    }
    finish(c, &before, start, out);
    if (sim_budget_spent(c->budget))
        return sim_fail_work(err, "running the workload (after %llu of %llu operations)",
                             (unsigned long long)(out->reads + out->writes),
                             (unsigned long long)w->ops);
    return SIM_OK;
}
