#ifndef SIM_KINESIS_INTERNAL_H
#define SIM_KINESIS_INTERNAL_H

/* The stream's insides, shared by kinesis.c (writes, resharding),
 * kinesis_read.c (iterators, GetRecords, fan-out) and kinesis_series.c
 * (metrics). Nothing outside these files includes this header. */

#include "sim/kinesis.h"
#include "sim/kinesis_store.h"

/* One stored record: 24 bytes. The partition key and then the data sit at
 * `bytes`, in one of the chunks of the shard's store (kinesis_store.c); the per-shard
 * counter of record i is shard->base + i, so it needs no field. A record
 * whose source makes its data again has its 8-byte token after the key in
 * place of the data, and the number of its source in the stream's list in
 * flags >> KREC_SOURCE_SHIFT. */
typedef struct kinesis_rec {
    int64_t arrival_ms;
    const uint8_t *bytes;
    uint32_t data_len;
    uint16_t key_len;
    uint16_t flags;
} kinesis_rec;

#define KREC_ELIDED 1u  /* the data bytes were not kept */
#define KREC_SOURCED 2u /* a token in place of the data bytes */
#define KREC_SOURCE_SHIFT 2
#define KINESIS_MAX_SOURCES (UINT16_MAX >> KREC_SOURCE_SHIFT)

#define KREC_BLOCK_SHIFT 10
#define KREC_BLOCK ((size_t)1 << KREC_BLOCK_SHIFT)

/* One simulated second of one shard. */
typedef struct kinesis_bucket {
    int64_t sec;
    uint32_t records_in, bytes_in, throttled, records_out;
    uint32_t iterator_age_ms;
    uint32_t pad;
} kinesis_bucket;

typedef struct kinesis_shard {
    kinesis_hash start, end;
    int parent, adjacent_parent;
    bool open, expired;
    int64_t created_ms, closed_ms;

    /* Records in blocks of KREC_BLOCK that never move (a growing array
     * was copied on every doubling); kinesis_rec_at finds record i. */
    kinesis_rec **blocks;
    size_t nblocks, blocks_cap;
    size_t head, count;  /* live records are [head..count) */
    uint64_t base;       /* counter of record 0 */
    kinesis_store bytes; /* keys and data; serials are the per-shard counters */

    int64_t wsec; /* write window: second, bytes, records */
    uint32_t wbytes, wrecords;
    int64_t rsec; /* read window: second, calls, bytes */
    uint32_t rcalls;
    uint64_t rbytes;
    int64_t penalty_until;

    kinesis_bucket *series; /* ring of series_cap seconds, made on first use */
    kinesis_bucket *bucket; /* the bucket of second bucket_sec, looked up last */
    int64_t bucket_sec;
    kinesis_shard_totals totals;
} kinesis_shard;

typedef struct kinesis_efo_window {
    int64_t sec;
    uint64_t bytes;
} kinesis_efo_window;

typedef struct kinesis_consumer {
    char name[129];
    kinesis_efo_window *windows; /* one per shard, grown with the stream */
    int nwindows;
} kinesis_consumer;

struct kinesis_stream {
    char name[129];
    sim_clock *clock;
    sim_rng *rng;
    sim_budget *budget; /* the script's: work charged, memory counted; NULL for none */
    const kinesis_limits *lim;
    uint32_t tag;

    kinesis_shard *shards;
    int nshards, shards_cap;
    int *open_idx; /* open shards sorted by starting hash key */
    int nopen;
    int indexed; /* shards [0..indexed) are in open_idx if open */

    int retention_h;
    int64_t created_ms;
    int64_t scalings[8]; /* times of recent UpdateShardCount calls */
    int nscalings;

    kinesis_consumer consumers[20];
    int nconsumers;

    int series_cap;
    uint64_t payload_cap, payload_bytes;

    kinesis_source **sources; /* every source named by a record, one reference each */
    int nsources, sources_cap;
};

static inline kinesis_rec *kinesis_rec_at(const kinesis_shard *sh, size_t i)
{
    return &sh->blocks[i >> KREC_BLOCK_SHIFT][i & (KREC_BLOCK - 1)];
}

/* Makes room for `extra` more shards, so that adding them cannot fail;
 * false when out of memory. */
bool kinesis_reserve_shards(kinesis_stream *s, int extra);
/* Adds an open shard with no records; returns its number or -1. */
int kinesis_add_shard(kinesis_stream *s, kinesis_hash start, kinesis_hash end, int parent,
                      int adjacent);
/* Brings the sorted index of open shards up to date after shards were
 * added or closed (kinesis.c says how). */
void kinesis_reindex(kinesis_stream *s);
kinesis_bucket *kinesis_bucket_at(kinesis_stream *s, kinesis_shard *sh, int64_t now);
/* The same, answered from the shard's memo of the last second asked for
 * when it matches (every write of a second asks for the same bucket). */
static inline kinesis_bucket *kinesis_bucket_now(kinesis_stream *s, kinesis_shard *sh, int64_t now)
{
    if (sh->bucket && sh->bucket_sec == now / 1000) return sh->bucket;
    return kinesis_bucket_at(s, sh, now);
}
/* Drops records older than the retention period from the front of a shard. */
void kinesis_trim(kinesis_stream *s, kinesis_shard *sh, int64_t now);

#endif
