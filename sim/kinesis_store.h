#ifndef SIM_KINESIS_STORE_H
#define SIM_KINESIS_STORE_H

/* Record bytes in chunks that never move (kinesis_store.c): a shard's
 * records, and the Kinesis Agent's queue. Bytes are appended to the newest
 * chunk and stay where they were written until every record in their chunk
 * is gone, when the chunk is freed (or kept for reuse) whole. */

#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"

typedef struct kinesis_chunk {
    uint8_t *p;
    size_t len, cap;
    uint64_t end; /* serial after the last record written into it */
} kinesis_chunk;

#define KINESIS_STORE_SPARES 2

typedef struct kinesis_store {
    size_t max_chunk;      /* chunks double from 4 KiB up to this */
    kinesis_chunk *chunks; /* live chunks: chunks[first..first+n) */
    size_t first, n, cap;
    kinesis_chunk spare[KINESIS_STORE_SPARES]; /* released chunks kept for reuse */
    int nspare;
    int keep_spares;    /* 0 frees released chunks at once */
    sim_budget *budget; /* the chunks' memory counts toward it (NULL: uncounted) */
} kinesis_store;

/* Room for `bytes` bytes of the record with serial `serial` (serials only
 * grow); NULL when out of memory. */
uint8_t *kinesis_store_alloc(kinesis_store *st, size_t bytes, uint64_t serial);
/* Releases the chunks whose records all come before serial `first_live`. */
void kinesis_store_release(kinesis_store *st, uint64_t first_live);
void kinesis_store_free(kinesis_store *st);

#endif
