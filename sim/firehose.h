#ifndef SIM_FIREHOSE_H
#define SIM_FIREHOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/s3.h"
#include "sim/status.h"

/* Kinesis Data Firehose delivering to S3: records are buffered until the
 * buffer reaches the size hint or its oldest record is `interval` old,
 * whichever comes first, then written as one object under
 * <prefix>yyyy/mm/dd/HH/ (UTC, from the oldest record's arrival).
 *
 * Delivery is evaluated lazily: every call first delivers what became due
 * since the last call, stamped with the moment it became due, so a run that
 * jumps the clock gives the same objects as one that ticks through it.
 *
 * A delivery stream made with a budget (the script's, sim/budget.h) keeps
 * its buffer under the budget's cap and charges it for each record and KiB
 * it takes (its S3 store charges the deliveries: s3_set_budget). A put that
 * finds the work budget spent returns SIM_BUDGET_EXCEEDED, one that cannot
 * get memory SIM_NO_MEMORY; a delivery that fails keeps the buffer, to be
 * delivered by a later call. */
typedef struct firehose_limits {
    uint64_t size_min, size_max, size_default;                     /* 1, 128, 5 MiB */
    int64_t interval_min_ms, interval_max_ms, interval_default_ms; /* 60, 900, 300 s */
    uint32_t batch_max_records;                                    /* PutRecordBatch: 500 records */
    uint32_t record_max_bytes;                                     /* 1,000 KiB per record */
    uint32_t batch_max_bytes;                                      /* 4 MiB per request */
} firehose_limits;

const firehose_limits *firehose_default_limits(void);

typedef struct firehose_stream firehose_stream;

typedef struct firehose_config {
    const char *name;
    const char *bucket;  /* must exist in the s3 store */
    const char *prefix;  /* "" by default; the time path follows it */
    uint64_t size_bytes; /* BufferingHints.SizeInMBs; 0 = 5 MiB */
    int64_t interval_ms; /* BufferingHints.IntervalInSeconds; 0 = 300 s */
    sim_budget *budget;  /* the script's work and memory; NULL = unlimited, uncounted */
} firehose_config;

firehose_stream *firehose_new(const firehose_config *cfg, sim_clock *clock, sim_rng *rng, s3 *store,
                              sim_error *err);
void firehose_free(firehose_stream *f);
const char *firehose_name(const firehose_stream *f);

sim_status firehose_put_record(firehose_stream *f, const void *data, size_t len, sim_error *err);

typedef struct firehose_record {
    const void *data;
    size_t len;
} firehose_record;

/* PutRecordBatch: request errors fail everything; otherwise SIM_OK and
 * *failed = FailedPutCount (always 0: the simulated Firehose does not
 * throttle). When the budget's work or memory runs out part-way
 * (SIM_BUDGET_EXCEEDED, SIM_NO_MEMORY), the records are taken in order:
 * the first n - *failed are in, the rest are not. */
sim_status firehose_put_record_batch(firehose_stream *f, const firehose_record *recs, size_t n,
                                     size_t *failed, sim_error *err);

/* Delivers whatever is due at the current time: SIM_OK, or the S3 store's
 * SIM_NO_MEMORY or SIM_BUDGET_EXCEEDED (the buffer is kept). */
sim_status firehose_tick(firehose_stream *f);
/* When the buffered records will be delivered by the interval; INT64_MAX
 * when the buffer is empty. */
int64_t firehose_next_delivery(const firehose_stream *f);

typedef struct firehose_stats {
    uint64_t records_in, bytes_in;
    uint64_t objects, bytes_delivered;
    uint64_t by_size, by_interval; /* what triggered each delivery */
    uint64_t buffered_records, buffered_bytes;
} firehose_stats;

void firehose_stats_get(const firehose_stream *f, firehose_stats *out);

#endif
