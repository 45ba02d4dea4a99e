/* Kinesis metrics: per-shard totals, per-second time series for charts, and
 * costs. The series is a ring of `series_cap` one-second buckets per shard,
 * allocated on a shard's first activity, so memory stays bounded however
 * long a run is (older seconds read as 0). */
#include <string.h>

#include "sim/kinesis.h"
#include "sim/kinesis_cost.h"
#include "sim/kinesis_internal.h"

kinesis_bucket *kinesis_bucket_at(kinesis_stream *s, kinesis_shard *sh, int64_t now)
{
    if (!sh->series) {
        sh->series = sim_reallocarray(s->budget, NULL, (size_t)s->series_cap, sizeof *sh->series);
        if (!sh->series) return NULL;
        for (int i = 0; i < s->series_cap; i++) {
            memset(&sh->series[i], 0, sizeof sh->series[i]);
            sh->series[i].sec = INT64_MIN;
        }
    }
    int64_t sec = now / 1000;
    /* Every write and read asks for the current second's bucket: remember
     * it. Only a later second can reuse its slot, and asking for that one
     * moves the memo. */
    if (sh->bucket && sh->bucket_sec == sec) return sh->bucket;
    kinesis_bucket *b = &sh->series[(uint64_t)sec % (uint64_t)s->series_cap];
    if (b->sec != sec) {
        memset(b, 0, sizeof *b);
        b->sec = sec;
    }
    sh->bucket = b;
    sh->bucket_sec = sec;
    return b;
}

static const struct {
    const char *name, *unit;
} metric_table[KINESIS_SERIES_COUNT] = {
    [KINESIS_SERIES_RECORDS_IN] = {"records", "records/s"},
    [KINESIS_SERIES_BYTES_IN] = {"bytes", "bytes/s"},
    [KINESIS_SERIES_THROTTLED] = {"throttled", "records/s"},
    [KINESIS_SERIES_RECORDS_OUT] = {"records_out", "records/s"},
    [KINESIS_SERIES_ITERATOR_AGE] = {"iterator_age", "ms"},
};

bool kinesis_series_metric_parse(const char *name, kinesis_series_metric *out)
{
    for (int i = 0; i < KINESIS_SERIES_COUNT; i++) {
        if (name && strcmp(name, metric_table[i].name) == 0) {
            *out = (kinesis_series_metric)i;
            return true;
        }
    }
    return false;
}

const char *kinesis_series_metric_name(kinesis_series_metric m)
{
    return (unsigned)m < KINESIS_SERIES_COUNT ? metric_table[m].name : "unknown";
}

const char *kinesis_series_metric_unit(kinesis_series_metric m)
{
    return (unsigned)m < KINESIS_SERIES_COUNT ? metric_table[m].unit : "";
}

int kinesis_series_capacity(const kinesis_stream *s)
{
    return s->series_cap;
}

static double bucket_value(const kinesis_bucket *b, kinesis_series_metric m)
{
    switch (m) {
    case KINESIS_SERIES_RECORDS_IN:
        return b->records_in;
    case KINESIS_SERIES_BYTES_IN:
        return b->bytes_in;
    case KINESIS_SERIES_THROTTLED:
        return b->throttled;
    case KINESIS_SERIES_RECORDS_OUT:
        return b->records_out;
    case KINESIS_SERIES_ITERATOR_AGE:
        return b->iterator_age_ms;
    case KINESIS_SERIES_COUNT:
        break;
    }
    return 0;
}

int kinesis_series_get(const kinesis_stream *s, int shard, kinesis_series_metric m, int n,
                       double *out)
{
    if (n > 0 && !sim_budget_charge(s->budget, (uint64_t)n / KINESIS_SERIES_SECONDS_PER_UNIT + 1)) {
        memset(out, 0, (size_t)n * sizeof *out);
        return -1;
    }
    int64_t now_sec = sim_clock_now(s->clock) / 1000;
    const kinesis_bucket *ring = shard >= 0 && shard < s->nshards ? s->shards[shard].series : NULL;
    for (int i = 0; i < n; i++) {
        int64_t sec = now_sec - (n - 1 - i);
        out[i] = 0;
        if (!ring || now_sec - sec >= s->series_cap) continue;
        const kinesis_bucket *b = &ring[(uint64_t)sec % (uint64_t)s->series_cap];
        if (b->sec == sec) out[i] = bucket_value(b, m);
    }
    return n;
}

void kinesis_shard_totals_get(const kinesis_stream *s, int shard, kinesis_shard_totals *out)
{
    memset(out, 0, sizeof *out);
    if (shard >= 0 && shard < s->nshards) *out = s->shards[shard].totals;
}

void kinesis_stream_totals_get(const kinesis_stream *s, kinesis_shard_totals *out)
{
    memset(out, 0, sizeof *out);
    sim_budget_charge(s->budget, (uint64_t)s->nshards / KINESIS_TOTALS_SHARDS_PER_UNIT + 1);
    for (int i = 0; i < s->nshards; i++) {
        const kinesis_shard_totals *t = &s->shards[i].totals;
        out->records_in += t->records_in;
        out->bytes_in += t->bytes_in;
        out->throttled_writes += t->throttled_writes;
        out->records_out += t->records_out;
        out->bytes_out += t->bytes_out;
        out->throttled_reads += t->throttled_reads;
        out->put_units += t->put_units;
    }
}

void kinesis_costs_get(const kinesis_stream *s, kinesis_costs *out)
{
    memset(out, 0, sizeof *out);
    sim_budget_charge(s->budget, (uint64_t)s->nshards / KINESIS_TOTALS_SHARDS_PER_UNIT + 1);
    int64_t now = sim_clock_now(s->clock);
    /* A shard is billed from its creation until it closes (open shards until
     * now), in fractional hours: AWS bills shard-hours, and a scenario's
     * short runs would otherwise all round to one hour. */
    for (int i = 0; i < s->nshards; i++) {
        const kinesis_shard *sh = &s->shards[i];
        int64_t until = sh->open ? now : sh->closed_ms;
        if (until > sh->created_ms)
            out->shard_hours += (double)(until - sh->created_ms) / (double)SIM_MS_PER_HOUR;
        out->put_units += sh->totals.put_units;
    }
    out->shard_usd = out->shard_hours * s->lim->usd_per_shard_hour;
    out->put_usd = (double)out->put_units / 1e6 * s->lim->usd_per_million_units;
    out->total_usd = out->shard_usd + out->put_usd;
}
