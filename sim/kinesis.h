#ifndef SIM_KINESIS_H
#define SIM_KINESIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/status.h"

/* Kinesis Data Streams: shards with hash key ranges, MD5 routing, per-shard
 * write and read limits on the simulated clock, retention, resharding,
 * enhanced fan-out and costs.
 *
 * The throughput model: each shard counts what it accepted in windows of one
 * simulated second aligned to the clock (second k covers [k*1000, k*1000+999]
 * ms). A write that would take the window over 1 MiB or 1,000 records is
 * refused with ProvisionedThroughputExceededException, except that the first
 * record of a window is always accepted so a 1 MiB record can get through.
 * Reads count calls and bytes the same way, and a call that returns the
 * 10 MiB maximum blocks the shard's readers for the next 5 seconds. Real
 * Kinesis uses token buckets with some burst; whole-second windows are the
 * simplest model that keeps the documented per-second limits exact.
 *
 * A stream made with a budget (the script's, sim/budget.h) keeps its memory
 * under the budget's cap and charges it for its work; so do the producer
 * model and the polling consumers built on the stream (kinesis_producer.h).
 * A call that finds the work budget spent returns SIM_BUDGET_EXCEEDED, one
 * that cannot get memory SIM_NO_MEMORY, and either leaves the stream
 * consistent: usable, and freeable. Calls that return no status (totals,
 * costs, series) charge too and leave the budget spent for the caller to
 * see (sim_budget_spent). */

/* A 128-bit hash key (MD5 read as a big-endian unsigned integer). */
__extension__ typedef unsigned __int128 kinesis_hash;
#define KINESIS_HASH_MAX (~(kinesis_hash)0)

/* Every number from the facts, in one place (aws-facts.md, Kinesis section;
 * Kinesis Data Streams developer guide, "Quotas and limits"). */
typedef struct kinesis_limits {
    uint32_t write_bytes_per_s;     /* 1 MiB/s per shard, partition keys included */
    uint32_t write_records_per_s;   /* 1,000 records/s per shard */
    uint32_t read_bytes_per_s;      /* 2 MiB/s per shard (shared throughput) */
    uint32_t read_calls_per_s;      /* 5 GetRecords calls/s per shard */
    uint32_t get_max_records;       /* 10,000 records per GetRecords call */
    uint32_t get_max_bytes;         /* 10 MiB per GetRecords call */
    int64_t get_penalty_ms;         /* 5 s of throttling after a 10 MiB call */
    uint32_t efo_bytes_per_s;       /* 2 MiB/s per enhanced fan-out consumer per shard */
    int max_consumers;              /* 20 registered consumers per stream */
    uint32_t max_record_bytes;      /* 1 MiB of data per record */
    uint32_t put_records_max;       /* 500 records per PutRecords */
    uint32_t put_records_max_bytes; /* 5 MiB per PutRecords request */
    int key_max_chars;              /* partition key 1..256 Unicode characters */
    int retention_default_h;        /* 24 h by default */
    int retention_min_h;            /* 24 h minimum */
    int retention_max_h;            /* 8,760 h (365 days) maximum */
    int scalings_per_day;           /* UpdateShardCount: 2 calls per rolling 24 h */
    int64_t iterator_ttl_ms;        /* a shard iterator expires after 5 minutes */
    int max_shards;                 /* the simulator's own cap (the account quota is 500) */
    double usd_per_shard_hour;      /* $0.015 per shard-hour (provisioned) */
    double usd_per_million_units;   /* $0.014 per million PUT payload units */
    uint32_t put_unit_bytes;        /* a PUT payload unit is a 25 KB chunk of a record */
} kinesis_limits;

const kinesis_limits *kinesis_default_limits(void);

/* --- hash keys ----------------------------------------------------------- */

/* MD5 of the key's bytes as a 128-bit big-endian unsigned integer. */
kinesis_hash kinesis_hash_key(const char *key, size_t len);
/* Parses a decimal ExplicitHashKey in 0..2^128-1; false on anything else. */
bool kinesis_hash_parse(const char *text, kinesis_hash *out);
/* Formats a hash key in decimal; cap >= 40. */
void kinesis_hash_format(kinesis_hash h, char *buf, size_t cap);
/* Unicode characters in a UTF-8 key, or -1 when it is not valid UTF-8. */
int kinesis_key_chars(const char *key, size_t len);
/* The range CreateStream gives shard i of n: [h*i, h*(i+1)-1] with
 * h = floor(2^128 / n), the last shard ending at 2^128-1. */
void kinesis_uniform_range(int i, int n, kinesis_hash *start, kinesis_hash *end);
/* PUT payload units for a record of `bytes` bytes (at least 1). */
uint64_t kinesis_put_units(const kinesis_limits *lim, uint64_t bytes);

/* --- streams ------------------------------------------------------------- */

typedef struct kinesis_stream kinesis_stream;

typedef struct kinesis_stream_config {
    const char *name;     /* 1..128 characters */
    int shards;           /* 1..max_shards */
    int retention_hours;  /* 0 = the default, 24 */
    int series_seconds;   /* per-shard time series length; 0 = 900 */
    uint64_t payload_cap; /* record bytes kept in memory; 0 = 256 MiB */
    sim_budget *budget;   /* the script's work and memory; NULL = unlimited, uncounted */
} kinesis_stream_config;

kinesis_stream *kinesis_stream_new(const kinesis_stream_config *cfg, sim_clock *clock, sim_rng *rng,
                                   sim_error *err);
void kinesis_stream_free(kinesis_stream *s);
const char *kinesis_stream_name(const kinesis_stream *s);
const kinesis_limits *kinesis_stream_limits(const kinesis_stream *s);
sim_clock *kinesis_stream_clock(const kinesis_stream *s);
/* The budget the stream was made with (NULL for none). */
sim_budget *kinesis_stream_budget(const kinesis_stream *s);

/* Shards are numbered 0, 1, 2... in creation order, as AWS numbers shard
 * ids; closed shards keep their number. */
typedef struct kinesis_shard_info {
    char id[24];                   /* shardId-000000000000 */
    kinesis_hash start, end;       /* inclusive hash key range */
    int parent, adjacent_parent;   /* shard numbers, -1 for none */
    bool open;                     /* closed parents stay readable until retention */
    bool expired;                  /* closed and past retention: gone from ListShards */
    int64_t created_ms, closed_ms; /* closed_ms = 0 while open */
    uint64_t records;              /* records currently retained */
} kinesis_shard_info;

int kinesis_shard_count(const kinesis_stream *s); /* all shards ever */
int kinesis_open_shard_count(const kinesis_stream *s);
bool kinesis_shard_get(kinesis_stream *s, int shard, kinesis_shard_info *out);
/* Finds a shard by id ("shardId-000000000003") or bare number ("3"). */
int kinesis_shard_find(const kinesis_stream *s, const char *id);
void kinesis_shard_id(int shard, char *buf, size_t cap);
/* The open shard whose range holds h. */
int kinesis_shard_for_hash(const kinesis_stream *s, kinesis_hash h);
int kinesis_shard_for_key(const kinesis_stream *s, const char *key, size_t len);

/* --- writes -------------------------------------------------------------- */

/* Record data that its producer can make again (kinesis_source.c): the
 * Kinesis Agent's records are a data-set line put through the flow's
 * processing, so a token (the line's number) says everything about them.
 * A stream keeps such a record as its key and token, not its bytes, and has
 * the source make the bytes when a reader asks for them (kinesis_record_data)
 * - the full course exercise keeps 500,000 records of about 200 bytes for
 * 24 hours, and most of them are never looked at byte by byte.
 * `make` writes at most cap bytes of the token's data into buf and returns
 * how many; it must give the same bytes every time. `drop` frees ctx when
 * the last reference goes. */
typedef struct kinesis_source kinesis_source;
typedef size_t (*kinesis_source_make_fn)(void *ctx, uint64_t token, uint8_t *buf, size_t cap);
kinesis_source *kinesis_source_new(kinesis_source_make_fn make, void (*drop)(void *ctx), void *ctx);
/* The same, its memory counted toward budget (the producer's). */
kinesis_source *kinesis_source_new_budget(kinesis_source_make_fn make, void (*drop)(void *ctx),
                                          void *ctx, sim_budget *budget);
kinesis_source *kinesis_source_ref(kinesis_source *src);
void kinesis_source_unref(kinesis_source *src);
/* Makes the data of `token`: at most cap bytes into buf; returns how many. */
size_t kinesis_source_make(const kinesis_source *src, uint64_t token, uint8_t *buf, size_t cap);

/* One record to put. data may be NULL with data_len > 0: a synthetic record
 * whose bytes are not kept (the producer model), or, with `source`, data
 * that the source makes again from `token` when it is read. explicit_hash,
 * when not NULL, is the decimal ExplicitHashKey; has_hash says `hash` is
 * already computed (callers that route the same key often cache it). */
typedef struct kinesis_put {
    const char *key;
    size_t key_len;
    const void *data;
    size_t data_len;
    kinesis_source *source;
    uint64_t token;
    const char *explicit_hash;
    bool has_hash;
    kinesis_hash hash;
} kinesis_put;

typedef struct kinesis_put_result {
    sim_status code; /* SIM_OK or SIM_PROVISIONED_THROUGHPUT_EXCEEDED (see below) */
    int shard;
    uint64_t seq; /* per-shard counter; see kinesis_seq_format */
} kinesis_put_result;

/* PutRecord: the record is refused as a whole when over the shard's limit. */
sim_status kinesis_put_record(kinesis_stream *s, const kinesis_put *rec, kinesis_put_result *out,
                              sim_error *err);
/* PutRecords: a request error (validation) fails everything and returns the
 * error; otherwise SIM_OK with per-record results and *failed set to
 * FailedRecordCount. When the budget's work runs out (SIM_BUDGET_EXCEEDED)
 * or memory does (SIM_NO_MEMORY) part-way, the results are still filled
 * in: the records put before hold their results, the others that code
 * (not stored, and counted in *failed). */
sim_status kinesis_put_records(kinesis_stream *s, const kinesis_put *recs, size_t n,
                               kinesis_put_result *out, size_t *failed, sim_error *err);

/* The ErrorMessage of a refused record, as AWS words it. */
void kinesis_put_error_message(const kinesis_stream *s, const kinesis_put_result *r, char *buf,
                               size_t cap);

/* Sequence numbers are 56 decimal digits like AWS's, increasing per shard. */
#define KINESIS_SEQ_LEN 57
void kinesis_seq_format(const kinesis_stream *s, int shard, uint64_t seq, char *buf, size_t cap);
bool kinesis_seq_parse(const kinesis_stream *s, const char *text, int *shard, uint64_t *seq);

/* --- reads (kinesis_read.c) ---------------------------------------------- */

typedef enum {
    KINESIS_TRIM_HORIZON,
    KINESIS_LATEST,
    KINESIS_AT_SEQUENCE_NUMBER,
    KINESIS_AFTER_SEQUENCE_NUMBER,
    KINESIS_AT_TIMESTAMP,
} kinesis_iterator_type;

bool kinesis_iterator_type_parse(const char *name, kinesis_iterator_type *out);

typedef struct kinesis_iterator {
    uint32_t tag; /* which stream issued it */
    int shard;
    uint64_t position; /* the next record's per-shard counter */
    int64_t issued_ms;
} kinesis_iterator;

#define KINESIS_ITERATOR_LEN 64
void kinesis_iterator_format(const kinesis_iterator *it, char *buf, size_t cap);
bool kinesis_iterator_parse(const char *text, kinesis_iterator *out);

/* GetShardIterator. `seq` is the sequence number for AT/AFTER, `at_ms` the
 * time for AT_TIMESTAMP. */
sim_status kinesis_get_shard_iterator(kinesis_stream *s, int shard, kinesis_iterator_type type,
                                      const char *seq, int64_t at_ms, kinesis_iterator *out,
                                      sim_error *err);

/* One record as GetRecords returns it. The pointers stay valid until the
 * next call that writes to or trims the stream. data points at the bytes
 * when the stream kept them; it is NULL for synthetic records, for records
 * whose bytes were over the payload cap, and for records that their source
 * makes again - read a record's data with kinesis_record_data, which
 * handles all three. */
typedef struct kinesis_record_view {
    int shard;
    uint64_t seq;
    int64_t arrival_ms;
    const char *key;
    size_t key_len;
    const uint8_t *data;
    size_t data_len;
    const kinesis_source *source; /* with token: the data is made on demand */
    uint64_t token;
} kinesis_record_view;

/* The record's data: the kept bytes, or the source's bytes made into buf
 * (at most cap of them). Sets *len to the bytes at the returned pointer;
 * returns NULL when the bytes were never kept (synthetic records, records
 * over the payload cap). */
const uint8_t *kinesis_record_data(const kinesis_record_view *v, uint8_t *buf, size_t cap,
                                   size_t *len);

typedef struct kinesis_get_result {
    size_t count;
    uint64_t bytes;
    bool has_next; /* false once a closed shard is read to its end */
    kinesis_iterator next;
    int64_t millis_behind; /* 0 when caught up with the tip of the shard */
} kinesis_get_result;

/* GetRecords: up to `limit` (<= 10,000) records into out[0..cap). */
sim_status kinesis_get_records(kinesis_stream *s, const kinesis_iterator *it, int limit,
                               kinesis_record_view *out, size_t cap, kinesis_get_result *res,
                               sim_error *err);

/* Enhanced fan-out. */
sim_status kinesis_register_consumer(kinesis_stream *s, const char *name, int *index,
                                     sim_error *err);
sim_status kinesis_deregister_consumer(kinesis_stream *s, const char *name, sim_error *err);
int kinesis_consumer_find(const kinesis_stream *s, const char *name);
int kinesis_consumer_count(const kinesis_stream *s);
/* What SubscribeToShard pushes to one consumer from one shard at the current
 * second: like GetRecords, but against the consumer's own 2 MiB/s per shard,
 * with no call limit; when the second's budget is spent it returns nothing. */
sim_status kinesis_subscribe_read(kinesis_stream *s, int consumer, const kinesis_iterator *it,
                                  kinesis_record_view *out, size_t cap, kinesis_get_result *res,
                                  sim_error *err);

/* --- resharding and retention -------------------------------------------- */

sim_status kinesis_split_shard(kinesis_stream *s, int shard, kinesis_hash new_start,
                               sim_error *err);
sim_status kinesis_merge_shards(kinesis_stream *s, int shard, int adjacent, sim_error *err);
/* UNIFORM_SCALING to `target` open shards. */
sim_status kinesis_update_shard_count(kinesis_stream *s, int target, sim_error *err);
int kinesis_retention_hours(const kinesis_stream *s);
sim_status kinesis_increase_retention(kinesis_stream *s, int hours, sim_error *err);
sim_status kinesis_decrease_retention(kinesis_stream *s, int hours, sim_error *err);

/* --- metrics, series and costs (kinesis_series.c) ------------------------ */

typedef struct kinesis_shard_totals {
    uint64_t records_in, bytes_in, throttled_writes;
    uint64_t records_out, bytes_out, throttled_reads;
    uint64_t put_units;
} kinesis_shard_totals;

void kinesis_shard_totals_get(const kinesis_stream *s, int shard, kinesis_shard_totals *out);
void kinesis_stream_totals_get(const kinesis_stream *s, kinesis_shard_totals *out);

typedef enum {
    KINESIS_SERIES_RECORDS_IN,
    KINESIS_SERIES_BYTES_IN,
    KINESIS_SERIES_THROTTLED,
    KINESIS_SERIES_RECORDS_OUT,
    KINESIS_SERIES_ITERATOR_AGE,
    KINESIS_SERIES_COUNT
} kinesis_series_metric;

bool kinesis_series_metric_parse(const char *name, kinesis_series_metric *out);
const char *kinesis_series_metric_name(kinesis_series_metric m);
const char *kinesis_series_metric_unit(kinesis_series_metric m);
int kinesis_series_capacity(const kinesis_stream *s);
/* Fills out[0..n) with one value per simulated second, oldest first, the
 * last being the current second. Seconds older than the series keeps, or
 * with no activity, read 0. Returns n, or -1 (and zeros) when the budget's
 * work has run out. */
int kinesis_series_get(const kinesis_stream *s, int shard, kinesis_series_metric m, int n,
                       double *out);

typedef struct kinesis_costs {
    double shard_hours;
    uint64_t put_units;
    double shard_usd, put_usd, total_usd;
} kinesis_costs;

/* Costs from the stream's creation until now. */
void kinesis_costs_get(const kinesis_stream *s, kinesis_costs *out);

#endif
