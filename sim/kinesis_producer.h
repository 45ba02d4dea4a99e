#ifndef SIM_KINESIS_PRODUCER_H
#define SIM_KINESIS_PRODUCER_H

#include "sim/kinesis.h"

/* A producer writing to a stream for a while: records generated at a steady
 * rate, sent with PutRecords every `batch_ms`, the throttled ones retried
 * with exponential backoff and seeded jitter, and given up after
 * `max_retries`. Keys are "key-0" .. "key-(keys-1)"; with hot_key_share > 0
 * that share of records uses "key-0", the skew that overloads one shard
 * while the others idle.
 *
 * The run moves the clock it is given from now until the last record is
 * delivered or dropped (at least `duration_ms`).
 *
 * The model works under the stream's budget (kinesis_stream_config.budget):
 * its memory counts toward the cap, and each tick is charged before it
 * runs - the records it generates, the walk of its queue, each record sent
 * - so that a script cannot make it run for long: SIM_BUDGET_EXCEEDED ("the
 * script's work budget ran out producing records ...") or SIM_NO_MEMORY
 * stops the run where it is, with the summary so far, the clock where the
 * run got to and the stream holding what was delivered. */
typedef struct kinesis_producer_config {
    double rate; /* records per second */
    int64_t duration_ms;
    uint32_t record_size;    /* bytes of data per record */
    int keys;                /* distinct partition keys, 1..1,000,000 */
    double hot_key_share;    /* 0..1 */
    int64_t batch_ms;        /* 0 = 100 ms, like the KPL's RecordMaxBufferedTime */
    int max_retries;         /* -1 = 5 */
    int64_t backoff_base_ms; /* 0 = 100 ms */
    int64_t backoff_max_ms;  /* 0 = 5 s */
} kinesis_producer_config;

typedef struct kinesis_producer_summary {
    uint64_t generated, delivered, throttled, retries, dropped, put_calls;
    double mean_latency_ms;
    int64_t max_latency_ms;
    int64_t elapsed_ms;
} kinesis_producer_summary;

sim_status kinesis_produce(kinesis_stream *s, sim_clock *clock, sim_rng *rng,
                           const kinesis_producer_config *cfg, kinesis_producer_summary *out,
                           sim_error *err);

/* A polling consumer: one GetRecords per open or unfinished shard every
 * `interval_ms`, following child shards once a parent is read to its end.
 * Step it as the clock moves; it records what it read and how far behind
 * it fell. It works under its stream's budget: a step that finds the work
 * budget spent, or cannot get memory, stops short and says why in
 * kinesis_poller_status. */
typedef struct kinesis_poller kinesis_poller;

typedef struct kinesis_poller_stats {
    uint64_t records, bytes, calls, throttled_calls;
    int64_t max_millis_behind, last_millis_behind;
} kinesis_poller_stats;

kinesis_poller *kinesis_poller_new(kinesis_stream *s, kinesis_iterator_type from,
                                   int64_t interval_ms, int limit);
void kinesis_poller_free(kinesis_poller *p);
/* Polls every shard that is due now; returns when it next wants to run
 * (INT64_MAX when the step stopped short). */
int64_t kinesis_poller_step(kinesis_poller *p);
/* SIM_OK, or why the last step stopped short: SIM_BUDGET_EXCEEDED or
 * SIM_NO_MEMORY, with its message in err (when not NULL). */
sim_status kinesis_poller_status(const kinesis_poller *p, sim_error *err);
/* Steps the poller and moves the clock until `until_ms`, or until a step
 * stops short; returns kinesis_poller_status. */
sim_status kinesis_poller_run(kinesis_poller *p, sim_clock *clock, int64_t until_ms);
void kinesis_poller_stats_get(const kinesis_poller *p, kinesis_poller_stats *out);
/* The last KINESIS_POLLER_SAMPLE records read, oldest first (data cut at
 * 512 bytes): returns how many there are, and record i of them. */
#define KINESIS_POLLER_SAMPLE 10
int kinesis_poller_sample_count(const kinesis_poller *p);
bool kinesis_poller_sample(const kinesis_poller *p, int i, const char **data, size_t *len,
                           int *shard);

#endif
