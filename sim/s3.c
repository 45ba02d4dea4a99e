/* The minimal S3 store. Objects live in one sorted array per bucket, so
 * listing in key order is a walk; Firehose writes keys that mostly sort
 * after the last one, which makes the insert an append. */
#include "sim/s3.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/units.h"

/* What the store's work costs the script's budget (sim/budget.h), in units
 * of about one Lua VM instruction (4 ns on the reference machine, see
 * sim/kinesis_cost.h), measured with bench/bench_kinesis_costs.c on a
 * Release build. */
enum {
    /* A put's fixed part: the key found in order and copied (96 ns). */
    S3_COST_PUT = 24,
    /* A KiB of object data copied into the store (531 ns: most of it the
     * first touch of fresh pages). */
    S3_COST_KIB = 130,
    /* Objects moved up to make room for a key that sorts before them, per
     * unit (0.35 ns each). */
    S3_OBJECTS_MOVED_PER_UNIT = 12,
    /* A bucket created or looked for. */
    S3_COST_BUCKET = 2,
    /* Objects listed per charge, and what each costs (3.7 ns). */
    S3_LIST_RUN = 256,
    S3_COST_LISTED = 1,
};

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
    sim_budget *budget;
};

s3 *s3_new(uint64_t data_cap)
{
    s3 *st = calloc(1, sizeof *st);
    if (st) st->data_cap = data_cap ? data_cap : 64 * SIM_MB;
    return st;
}

void s3_set_budget(s3 *st, sim_budget *budget)
{
    /* The store itself came from malloc before it knew the budget: count
     * it now, as sim_free will give it back. */
    st->budget = budget;
    sim_budget_force(budget, malloc_usable_size(st));
}

void s3_free(s3 *st)
{
    if (!st) return;
    sim_budget *b = st->budget;
    for (size_t i = 0; i < st->n; i++) {
        for (size_t j = 0; j < st->buckets[i].n; j++) {
            sim_free(b, st->buckets[i].objs[j].key);
            sim_free(b, st->buckets[i].objs[j].data);
        }
        sim_free(b, st->buckets[i].objs);
    }
    sim_free(b, st->buckets);
    sim_free(b, st);
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
    if (!sim_budget_charge_n(st->budget, st->n + 1, S3_COST_BUCKET))
        return sim_fail_work(err, "creating S3 bucket %s", bucket);
    if (find_bucket(st, bucket)) return SIM_OK; /* BucketAlreadyOwnedByYou: idempotent */
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 4;
        s3_bucket *nb = sim_reallocarray(st->budget, st->buckets, cap, sizeof *nb);
        if (!nb) return sim_fail_memory(err, st->budget, "creating S3 bucket %s", bucket);
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
    /* Charged before anything moves: the put, the bytes it copies, the
     * objects it moves up when its key sorts before theirs. */
    bool keep = data && st->data_bytes + size <= st->data_cap;
    size_t at = lower_bound(b, key);
    bool replace = at < b->n && strcmp(b->objs[at].key, key) == 0;
    uint64_t moved = replace ? 0 : b->n - at;
    uint64_t units =
        S3_COST_PUT + (keep ? (size >> 10) * S3_COST_KIB : 0) + moved / S3_OBJECTS_MOVED_PER_UNIT;
    if (!sim_budget_charge(st->budget, units))
        return sim_fail_work(err, "putting objects into S3 bucket %s", b->name);
    uint8_t *copy = NULL;
    if (keep) {
        copy = sim_malloc(st->budget, size ? (size_t)size : 1);
        if (!copy)
            return sim_fail_memory(err, st->budget, "putting an object into S3 bucket %s", b->name);
        memcpy(copy, data, size);
    }
    s3_object *o;
    if (replace) {
        o = &b->objs[at];
        b->bytes -= o->size;
        if (o->data) st->data_bytes -= o->size;
        sim_free(st->budget, o->data);
    } else {
        if (b->n == b->cap) {
            size_t cap = b->cap ? b->cap * 2 : 16;
            s3_object *no = sim_reallocarray(st->budget, b->objs, cap, sizeof *no);
            if (!no) {
                sim_free(st->budget, copy);
                return sim_fail_memory(err, st->budget, "putting an object into S3 bucket %s",
                                       b->name);
            }
            b->objs = no;
            b->cap = cap;
        }
        char *k = sim_malloc(st->budget, klen + 1);
        if (!k) {
            sim_free(st->budget, copy);
            return sim_fail_memory(err, st->budget, "putting an object into S3 bucket %s", b->name);
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
        if (count % S3_LIST_RUN == 0 &&
            !sim_budget_charge_n(st->budget, S3_LIST_RUN, S3_COST_LISTED))
            break;
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
