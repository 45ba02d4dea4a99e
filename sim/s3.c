/* The minimal S3 store. Objects live in one sorted array per bucket, so
 * listing in key order is a walk; Firehose writes keys that mostly sort
 * after the last one, which makes the insert an append. */
#include "sim/s3.h"

#include <stdlib.h>
#include <string.h>

#include "sim/units.h"

typedef struct s3_object {
    char *key;
    uint64_t size;
    int64_t mtime;
    uint8_t *data;
} s3_object;

typedef struct s3_bucket {
    char name[64];
    s3_object *objs;
    size_t n, cap;
    uint64_t bytes;
} s3_bucket;

struct s3 {
    s3_bucket *buckets;
    size_t n, cap;
    uint64_t data_cap, data_bytes;
};

s3 *s3_new(uint64_t data_cap)
{
    s3 *st = calloc(1, sizeof *st);
    if (st) st->data_cap = data_cap ? data_cap : 64 * SIM_MB;
    return st;
}

void s3_free(s3 *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->n; i++) {
        for (size_t j = 0; j < st->buckets[i].n; j++) {
            free(st->buckets[i].objs[j].key);
            free(st->buckets[i].objs[j].data);
        }
        free(st->buckets[i].objs);
    }
    free(st->buckets);
    free(st);
}

static s3_bucket *find_bucket(const s3 *st, const char *name)
{
    for (size_t i = 0; name && i < st->n; i++)
        if (strcmp(st->buckets[i].name, name) == 0) return &st->buckets[i];
    return NULL;
}

bool s3_bucket_exists(const s3 *st, const char *bucket)
{
    return find_bucket(st, bucket);
}

sim_status s3_create_bucket(s3 *st, const char *bucket, sim_error *err)
{
    size_t n = bucket ? strlen(bucket) : 0;
    bool ok = n >= 3 && n <= 63;
    for (size_t i = 0; ok && i < n; i++) {
        char c = bucket[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }
    if (!ok)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "InvalidBucketName: The specified bucket is not valid (%.64s).",
                        bucket ? bucket : "");
    if (find_bucket(st, bucket)) return SIM_OK; /* BucketAlreadyOwnedByYou: idempotent */
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 4;
        s3_bucket *nb = realloc(st->buckets, cap * sizeof *nb);
        if (!nb) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
        st->buckets = nb;
        st->cap = cap;
    }
    s3_bucket *b = &st->buckets[st->n++];
    memset(b, 0, sizeof *b);
    memcpy(b->name, bucket, n + 1);
    return SIM_OK;
}

/* First index whose key is >= key. */
static size_t lower_bound(const s3_bucket *b, const char *key)
{
    size_t lo = 0, hi = b->n;
    if (hi && strcmp(b->objs[hi - 1].key, key) < 0) return hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b->objs[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

sim_status s3_put_object(s3 *st, const char *bucket, const char *key, const void *data,
                         uint64_t size, int64_t now_ms, sim_error *err)
{
    s3_bucket *b = find_bucket(st, bucket);
    if (!b)
        return sim_fail(err, SIM_RESOURCE_NOT_FOUND,
                        "NoSuchBucket: The specified bucket does not exist (%.64s).", bucket);
    size_t klen = key ? strlen(key) : 0;
    if (klen < 1 || klen > 1024)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "Object keys are 1 to 1,024 bytes long.");
    uint8_t *copy = NULL;
    if (data && st->data_bytes + size <= st->data_cap) {
        copy = malloc(size ? size : 1);
        if (!copy) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
        memcpy(copy, data, size);
    }
    size_t at = lower_bound(b, key);
    s3_object *o;
    if (at < b->n && strcmp(b->objs[at].key, key) == 0) {
        o = &b->objs[at];
        b->bytes -= o->size;
        if (o->data) st->data_bytes -= o->size;
        free(o->data);
    } else {
        if (b->n == b->cap) {
            size_t cap = b->cap ? b->cap * 2 : 16;
            s3_object *no = realloc(b->objs, cap * sizeof *no);
            if (!no) {
                free(copy);
                return sim_fail(err, SIM_NO_MEMORY, "out of memory");
            }
            b->objs = no;
            b->cap = cap;
        }
        char *k = malloc(klen + 1);
        if (!k) {
            free(copy);
            return sim_fail(err, SIM_NO_MEMORY, "out of memory");
        }
        memcpy(k, key, klen + 1);
        memmove(&b->objs[at + 1], &b->objs[at], (b->n - at) * sizeof *b->objs);
        b->n++;
        o = &b->objs[at];
        o->key = k;
    }
    o->size = size;
    o->mtime = now_ms;
    o->data = copy;
    b->bytes += size;
    if (copy) st->data_bytes += size;
    return SIM_OK;
}

static void fill(const s3_object *o, s3_object_info *out)
{
    out->key = o->key;
    out->size = o->size;
    out->last_modified_ms = o->mtime;
    out->data = o->data;
}

size_t s3_object_count(const s3 *st, const char *bucket)
{
    const s3_bucket *b = find_bucket(st, bucket);
    return b ? b->n : 0;
}

bool s3_object_at(const s3 *st, const char *bucket, size_t i, s3_object_info *out)
{
    const s3_bucket *b = find_bucket(st, bucket);
    if (!b || i >= b->n) return false;
    fill(&b->objs[i], out);
    return true;
}

bool s3_object_get(const s3 *st, const char *bucket, const char *key, s3_object_info *out)
{
    const s3_bucket *b = find_bucket(st, bucket);
    if (!b || !key) return false;
    size_t at = lower_bound(b, key);
    if (at >= b->n || strcmp(b->objs[at].key, key) != 0) return false;
    fill(&b->objs[at], out);
    return true;
}

size_t s3_list(const s3 *st, const char *bucket, const char *prefix,
               void (*fn)(void *ud, const s3_object_info *obj), void *ud)
{
    const s3_bucket *b = find_bucket(st, bucket);
    if (!b) return 0;
    const char *pre = prefix ? prefix : "";
    size_t plen = strlen(pre), count = 0;
    for (size_t i = lower_bound(b, pre); i < b->n; i++) {
        if (strncmp(b->objs[i].key, pre, plen) != 0) break;
        s3_object_info info;
        fill(&b->objs[i], &info);
        if (fn) fn(ud, &info);
        count++;
    }
    return count;
}

uint64_t s3_bucket_bytes(const s3 *st, const char *bucket)
{
    const s3_bucket *b = find_bucket(st, bucket);
    return b ? b->bytes : 0;
}
