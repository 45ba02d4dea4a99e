/* Record bytes in chunks that never move.
 *
 * A record's partition key and data (or the token its source makes the
 * data from) are written once, side by side, into the newest chunk (a new
 * one when it is full), and read from there until the record is gone.
 * Chunks are released whole once every record in them is, so nothing is
 * ever copied again: a stream can hold hundreds of megabytes of records,
 * and growing one buffer for them with realloc, or compacting the agent's
 * queue as it drains, moved those bytes again and again. Chunks double from 4 KiB (a stream with a
 * few records stays small) up to the store's maximum. (Transparent huge pages for the big chunks
 * were tried: on the shared 2-core VM the kernel's compaction made runs slower and far less steady
 * than plain 4 KiB pages.) */
#include "sim/kinesis_store.h"

#include <stdbool.h>
#include <string.h>

#define CHUNK_MIN ((size_t)4 << 10)

static bool make_room(kinesis_store *st)
{
    if (st->first + st->n < st->cap) return true;
    if (st->first) {
        memmove(st->chunks, st->chunks + st->first, st->n * sizeof *st->chunks);
        st->first = 0;
        return true;
    }
    size_t cap = st->cap ? st->cap * 2 : 8;
    kinesis_chunk *c = sim_reallocarray(st->budget, st->chunks, cap, sizeof *c);
    if (!c) return false;
    st->chunks = c;
    st->cap = cap;
    return true;
}

uint8_t *kinesis_store_alloc(kinesis_store *st, size_t bytes, uint64_t serial)
{
    kinesis_chunk *c = st->n ? &st->chunks[st->first + st->n - 1] : NULL;
    if (!c || c->cap - c->len < bytes) {
        size_t cap = c ? c->cap * 2 : CHUNK_MIN;
        size_t max = st->max_chunk ? st->max_chunk : CHUNK_MIN;
        if (cap > max) cap = max;
        if (cap < bytes) /* a record bigger than a chunk gets one of its own */
            cap = bytes;
        if (!make_room(st)) return NULL;
        kinesis_chunk fresh = {0};
        for (int i = 0; i < st->nspare; i++) {
            if (st->spare[i].cap >= cap) {
                fresh = st->spare[i];
                st->spare[i] = st->spare[--st->nspare];
                break;
            }
        }
        if (!fresh.p) {
            fresh.p = sim_malloc(st->budget, cap);
            if (!fresh.p) return NULL;
            fresh.cap = cap;
        }
        fresh.len = 0;
        c = &st->chunks[st->first + st->n++];
        *c = fresh;
    }
    uint8_t *p = c->p + c->len;
    c->len += bytes;
    c->end = serial + 1;
    return p;
}

void kinesis_store_release(kinesis_store *st, uint64_t first_live)
{
    while (st->n && st->chunks[st->first].end <= first_live) {
        kinesis_chunk c = st->chunks[st->first++];
        st->n--;
        if (st->keep_spares && st->nspare < KINESIS_STORE_SPARES)
            st->spare[st->nspare++] = c;
        else
            sim_free(st->budget, c.p);
    }
    if (!st->n) st->first = 0;
}

void kinesis_store_free(kinesis_store *st)
{
    for (size_t i = 0; i < st->n; i++)
        sim_free(st->budget, st->chunks[st->first + i].p);
    for (int i = 0; i < st->nspare; i++)
        sim_free(st->budget, st->spare[i].p);
    sim_free(st->budget, st->chunks);
    st->chunks = NULL;
    st->first = st->n = st->cap = 0;
    st->nspare = 0;
}
