/* Firehose buffering and delivery to the simulated S3. */
#include "sim/firehose.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sim/budget_fail.h"
#include "sim/units.h"

/* What a delivery stream's work costs the script's budget (sim/budget.h),
 * in units of about one Lua VM instruction (4 ns on the reference machine,
 * see sim/kinesis_cost.h), measured with bench/bench_kinesis_costs.c on a
 * Release build. Deliveries are charged by the S3 store (sim/s3.c). */
enum {
    /* A put's fixed part: the checks, the due delivery looked for. */
    FIREHOSE_COST_CALL = 25,
    /* A record taken into the buffer (15 ns for 200 bytes, deliveries of
     * 1 MiB included), and each KiB of it copied (100 ns). */
    FIREHOSE_COST_RECORD = 4,
    FIREHOSE_COST_KIB = 25,
};

static const firehose_limits default_limits = {
    /* Firehose developer guide, "Buffering hints": for S3 destinations the
     * buffer size is 1-128 MiB (default 5) and the interval 60-900 seconds
     * (default 300); whichever condition is met first triggers delivery. */
    .size_min = 1 * SIM_MB,
    .size_max = 128 * SIM_MB,
    .size_default = 5 * SIM_MB,
    .interval_min_ms = 60 * 1000,
    .interval_max_ms = 900 * 1000,
    .interval_default_ms = 300 * 1000,
    /* PutRecordBatch: up to 500 records, each up to 1,000 KiB, 4 MiB in all. */
    .batch_max_records = 500,
    .record_max_bytes = 1000 * 1024,
    .batch_max_bytes = 4 * 1024 * 1024,
};

const firehose_limits *firehose_default_limits(void)
{
    return &default_limits;
}

struct firehose_stream {
    char name[65];
    char bucket[64];
    char prefix[256];
    uint64_t size_hint;
    int64_t interval_ms;
    sim_clock *clock;
    sim_rng *rng;
    s3 *store;
    sim_budget *budget;
    uint8_t *buf;
    size_t len, cap;
    uint64_t nrecs;
    int64_t first_ms; /* arrival of the oldest buffered record */
    firehose_stats stats;
};

firehose_stream *firehose_new(const firehose_config *cfg, sim_clock *clock, sim_rng *rng, s3 *store,
                              sim_error *err)
{
    const firehose_limits *lim = &default_limits;
    size_t n = cfg->name ? strlen(cfg->name) : 0;
    if (n < 1 || n > 64) {
        sim_fail(err, SIM_VALIDATION,
                 "1 validation error detected: Value at 'deliveryStreamName' failed to satisfy "
                 "constraint: Member must have length between 1 and 64");
        return NULL;
    }
    uint64_t size = cfg->size_bytes ? cfg->size_bytes : lim->size_default;
    if (size < lim->size_min || size > lim->size_max) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "BufferingHints.SizeInMBs must be between 1 and 128 (got %.2f MiB)",
                 (double)size / (double)SIM_MB);
        return NULL;
    }
    int64_t iv = cfg->interval_ms ? cfg->interval_ms : lim->interval_default_ms;
    if (iv < lim->interval_min_ms || iv > lim->interval_max_ms) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "BufferingHints.IntervalInSeconds must be between 60 and 900 (got %lld)",
                 (long long)(iv / 1000));
        return NULL;
    }
    if (!store || !s3_bucket_exists(store, cfg->bucket)) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "The destination bucket %s does not exist.",
                 cfg->bucket ? cfg->bucket : "(none)");
        return NULL;
    }
    const char *prefix = cfg->prefix ? cfg->prefix : "";
    if (strlen(prefix) >= 200) {
        sim_fail(err, SIM_VALIDATION, "Prefix is longer than 200 characters.");
        return NULL;
    }
    firehose_stream *f = sim_calloc(cfg->budget, 1, sizeof *f);
    if (!f) {
        sim_fail_memory(err, cfg->budget, "creating delivery stream %s", cfg->name);
        return NULL;
    }
    f->budget = cfg->budget;
    memcpy(f->name, cfg->name, n + 1);
    snprintf(f->bucket, sizeof f->bucket, "%s", cfg->bucket);
    snprintf(f->prefix, sizeof f->prefix, "%s", prefix);
    f->size_hint = size;
    f->interval_ms = iv;
    f->clock = clock;
    f->rng = rng;
    f->store = store;
    return f;
}

void firehose_free(firehose_stream *f)
{
    if (!f) return;
    sim_free(f->budget, f->buf);
    sim_free(f->budget, f);
}

const char *firehose_name(const firehose_stream *f)
{
    return f->name;
}

/* Writes the buffer as one object, stamped `at`. The key is Firehose's:
 * <prefix>YYYY/MM/DD/HH/<name>-1-YYYY-MM-DD-HH-MM-SS-<random id>. When the
 * store cannot take it (its budget), the buffer stays for a later try. */
static sim_status deliver(firehose_stream *f, int64_t at, bool by_size, sim_error *err)
{
    if (!f->nrecs) return SIM_OK;
    time_t secs = (time_t)(f->first_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    time_t dsecs = (time_t)(at / 1000);
    struct tm dt;
    gmtime_r(&dsecs, &dt);
    uint64_t r1 = sim_rng_next(f->rng), r2 = sim_rng_next(f->rng);
    char key[512];
    snprintf(key, sizeof key,
             "%s%04d/%02d/%02d/%02d/%s-1-%04d-%02d-%02d-%02d-%02d-%02d-%08x-%04x-%04x-%04x-%012llx",
             f->prefix, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, f->name,
             dt.tm_year + 1900, dt.tm_mon + 1, dt.tm_mday, dt.tm_hour, dt.tm_min, dt.tm_sec,
             (unsigned)(r1 >> 32), (unsigned)((r1 >> 16) & 0xffff), (unsigned)(r1 & 0xffff),
             (unsigned)(r2 >> 48), (unsigned long long)(r2 & 0xffffffffffffULL));
    sim_status st = s3_put_object(f->store, f->bucket, key, f->buf, f->len, at, err);
    if (st == SIM_NO_MEMORY || st == SIM_BUDGET_EXCEEDED) return st;
    if (st == SIM_OK) {
        f->stats.objects++;
        f->stats.bytes_delivered += f->len;
        if (by_size)
            f->stats.by_size++;
        else
            f->stats.by_interval++;
    }
    f->len = 0;
    f->nrecs = 0;
    return SIM_OK;
}

static sim_status tick(firehose_stream *f, sim_error *err)
{
    int64_t now = sim_clock_now(f->clock);
    if (f->nrecs && now >= f->first_ms + f->interval_ms)
        return deliver(f, f->first_ms + f->interval_ms, false, err);
    return SIM_OK;
}

sim_status firehose_tick(firehose_stream *f)
{
    return tick(f, NULL);
}

int64_t firehose_next_delivery(const firehose_stream *f)
{
    return f->nrecs ? f->first_ms + f->interval_ms : INT64_MAX;
}

/* Takes a record into the buffer: SIM_NO_MEMORY (and nothing taken) when
 * the buffer cannot grow. */
static sim_status append(firehose_stream *f, const void *data, size_t len, int64_t now,
                         sim_error *err)
{
    if (f->len + len > f->cap) {
        size_t cap = f->cap ? f->cap : 64 * 1024;
        while (cap < f->len + len)
            cap *= 2;
        uint8_t *nb = sim_realloc(f->budget, f->buf, cap);
        if (!nb)
            return sim_fail_memory(err, f->budget, "buffering records in delivery stream %s",
                                   f->name);
        f->buf = nb;
        f->cap = cap;
    }
    if (!f->nrecs) f->first_ms = now;
    memcpy(f->buf + f->len, data, len);
    f->len += len;
    f->nrecs++;
    f->stats.records_in++;
    f->stats.bytes_in += len;
    return SIM_OK;
}

/* Takes a record, then delivers the buffer when it has reached the size
 * hint: `*in` says whether the record was taken. */
static sim_status take(firehose_stream *f, const void *data, size_t len, int64_t now, bool *in,
                       sim_error *err)
{
    *in = false;
    sim_status st = append(f, data, len, now, err);
    if (st != SIM_OK) return st;
    *in = true;
    return f->len >= f->size_hint ? deliver(f, now, true, err) : SIM_OK;
}

sim_status firehose_put_record(firehose_stream *f, const void *data, size_t len, sim_error *err)
{
    if (!sim_budget_charge(f->budget, FIREHOSE_COST_CALL + FIREHOSE_COST_RECORD +
                                          (len >> 10) * FIREHOSE_COST_KIB))
        return sim_fail_work(err, "putting a record into delivery stream %s", f->name);
    if (len > default_limits.record_max_bytes)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'record.data' failed to satisfy "
                        "constraint: Member must have length less than or equal to %u",
                        default_limits.record_max_bytes);
    sim_status st = tick(f, err);
    if (st != SIM_OK) return st;
    bool in;
    return take(f, data, len, sim_clock_now(f->clock), &in, err);
}

sim_status firehose_put_record_batch(firehose_stream *f, const firehose_record *recs, size_t n,
                                     size_t *failed, sim_error *err)
{
    const firehose_limits *lim = &default_limits;
    *failed = 0;
    if (!sim_budget_charge(f->budget, FIREHOSE_COST_CALL)) {
        *failed = n;
        return sim_fail_work(err, "putting records into delivery stream %s", f->name);
    }
    if (n < 1 || n > lim->batch_max_records)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'records' failed to satisfy "
                        "constraint: Member must have length between 1 and %u (it has %zu)",
                        lim->batch_max_records, n);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (recs[i].len > lim->record_max_bytes)
            return sim_fail(err, SIM_VALIDATION,
                            "1 validation error detected: Value at 'records.%zu.member.data' "
                            "failed to satisfy constraint: Member must have length less than "
                            "or equal to %u",
                            i + 1, lim->record_max_bytes);
        total += recs[i].len;
    }
    if (total > lim->batch_max_bytes)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "PutRecordBatch request of %llu bytes is over the 4 MiB limit",
                        (unsigned long long)total);
    if (!sim_budget_charge(f->budget,
                           n * FIREHOSE_COST_RECORD + (total >> 10) * FIREHOSE_COST_KIB)) {
        *failed = n;
        return sim_fail_work(err, "putting records into delivery stream %s", f->name);
    }
    sim_status st = tick(f, err);
    if (st != SIM_OK) {
        *failed = n;
        return st;
    }
    int64_t now = sim_clock_now(f->clock);
    for (size_t i = 0; i < n; i++) {
        bool in;
        st = take(f, recs[i].data, recs[i].len, now, &in, err);
        if (st != SIM_OK) {
            *failed = n - i - (in ? 1 : 0);
            return st;
        }
    }
    return SIM_OK;
}

void firehose_stats_get(const firehose_stream *f, firehose_stats *out)
{
    *out = f->stats;
    out->buffered_records = f->nrecs;
    out->buffered_bytes = f->len;
}
