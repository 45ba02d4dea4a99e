/* Firehose buffering and delivery to the simulated S3. */
#include "sim/firehose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/units.h"

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
    firehose_stream *f = calloc(1, sizeof *f);
    if (!f) {
        sim_fail(err, SIM_NO_MEMORY, "out of memory");
        return NULL;
    }
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
    free(f->buf);
    free(f);
}

const char *firehose_name(const firehose_stream *f)
{
    return f->name;
}

/* Writes the buffer as one object, stamped `at`. The key is Firehose's:
 * <prefix>YYYY/MM/DD/HH/<name>-1-YYYY-MM-DD-HH-MM-SS-<random id>. */
static void deliver(firehose_stream *f, int64_t at, bool by_size)
{
    if (!f->nrecs) return;
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
    if (s3_put_object(f->store, f->bucket, key, f->buf, f->len, at, NULL) == SIM_OK) {
        f->stats.objects++;
        f->stats.bytes_delivered += f->len;
        if (by_size)
            f->stats.by_size++;
        else
            f->stats.by_interval++;
    }
    f->len = 0;
    f->nrecs = 0;
}

void firehose_tick(firehose_stream *f)
{
    int64_t now = sim_clock_now(f->clock);
    if (f->nrecs && now >= f->first_ms + f->interval_ms)
        deliver(f, f->first_ms + f->interval_ms, false);
}

int64_t firehose_next_delivery(const firehose_stream *f)
{
    return f->nrecs ? f->first_ms + f->interval_ms : INT64_MAX;
}

static sim_status append(firehose_stream *f, const void *data, size_t len, int64_t now)
{
    if (f->len + len > f->cap) {
        size_t cap = f->cap ? f->cap : 64 * 1024;
        while (cap < f->len + len)
            cap *= 2;
        uint8_t *nb = realloc(f->buf, cap);
        if (!nb) return SIM_NO_MEMORY;
        f->buf = nb;
        f->cap = cap;
    }
    if (!f->nrecs) f->first_ms = now;
    memcpy(f->buf + f->len, data, len);
    f->len += len;
    f->nrecs++;
    f->stats.records_in++;
    f->stats.bytes_in += len;
    if (f->len >= f->size_hint) deliver(f, now, true);
    return SIM_OK;
}

sim_status firehose_put_record(firehose_stream *f, const void *data, size_t len, sim_error *err)
{
    if (len > default_limits.record_max_bytes)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'record.data' failed to satisfy "
                        "constraint: Member must have length less than or equal to %u",
                        default_limits.record_max_bytes);
    firehose_tick(f);
    if (append(f, data, len, sim_clock_now(f->clock)) != SIM_OK)
        return sim_fail(err, SIM_NO_MEMORY, "out of memory");
    return SIM_OK;
}

sim_status firehose_put_record_batch(firehose_stream *f, const firehose_record *recs, size_t n,
                                     size_t *failed, sim_error *err)
{
    const firehose_limits *lim = &default_limits;
    *failed = 0;
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
    firehose_tick(f);
    int64_t now = sim_clock_now(f->clock);
    for (size_t i = 0; i < n; i++)
        if (append(f, recs[i].data, recs[i].len, now) != SIM_OK) (*failed)++;
    return SIM_OK;
}

void firehose_stats_get(const firehose_stream *f, firehose_stats *out)
{
    *out = f->stats;
    out->buffered_records = f->nrecs;
    out->buffered_bytes = f->len;
}
