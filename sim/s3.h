#ifndef SIM_S3_H
#define SIM_S3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/status.h"

/* A minimal simulated S3: buckets of objects with keys, sizes, times and,
 * while the store is under its byte cap, the bytes themselves (past the cap
 * only the metadata is kept, which is all listing and costing need).
 * Firehose writes here; Glue crawlers and Athena can list it later. */
typedef struct s3 s3;

s3 *s3_new(uint64_t data_cap); /* 0 = 64 MiB of object bytes kept */
void s3_free(s3 *st);
/* Puts the store under the script's budget (sim/budget.h; NULL = none):
 * its memory counts toward the cap, and puts and listings are charged for
 * their work. Call it before first use, right after s3_new. A put that
 * finds the work budget spent returns SIM_BUDGET_EXCEEDED, one that
 * cannot get memory SIM_NO_MEMORY, and leaves the store as it was; a
 * listing stops short (the budget stays spent for the caller to see). */
void s3_set_budget(s3 *st, sim_budget *budget);

/* Bucket names: 3..63 characters of lowercase letters, digits, '.', '-'. */
sim_status s3_create_bucket(s3 *st, const char *bucket, sim_error *err);
bool s3_bucket_exists(const s3 *st, const char *bucket);
/* Puts (or replaces) an object. data may be NULL: a metadata-only object of
 * `size` bytes. */
sim_status s3_put_object(s3 *st, const char *bucket, const char *key, const void *data,
                         uint64_t size, int64_t now_ms, sim_error *err);

typedef struct s3_object_info {
    const char *key;
    uint64_t size;
    int64_t last_modified_ms;
    const uint8_t *data; /* NULL when only the metadata was kept */
} s3_object_info;

/* Objects of a bucket in key order; i from 0. */
size_t s3_object_count(const s3 *st, const char *bucket);
bool s3_object_at(const s3 *st, const char *bucket, size_t i, s3_object_info *out);
bool s3_object_get(const s3 *st, const char *bucket, const char *key, s3_object_info *out);
/* Calls fn for each object whose key starts with prefix, in key order;
 * returns how many. It is charged in runs of objects, and stops short when
 * the budget's work is spent. */
size_t s3_list(const s3 *st, const char *bucket, const char *prefix,
               void (*fn)(void *ud, const s3_object_info *obj), void *ud);
uint64_t s3_bucket_bytes(const s3 *st, const char *bucket);

#endif
