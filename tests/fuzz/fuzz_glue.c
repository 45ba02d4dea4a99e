/* Fuzz target for the Glue crawler: the input is a list of objects (a key
 * and, for some, bytes), then a crawl of one include path and scans with
 * predicates taken from the tables' own values. Nothing may crash or leak,
 * and the catalog must account for every object:
 *  - the tables' objects add up to the objects crawled, and each table's
 *    partitions add up to the table (when it has partition keys);
 *  - a scan reads no more than the table, and lists no more than a scan of
 *    the whole table. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/glue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Splits the input at 0xFF bytes: records of key '\x01' bytes. */
static const uint8_t *next_record(const uint8_t *p, const uint8_t *end, size_t *len)
{
    const uint8_t *q = memchr(p, 0xFF, (size_t)(end - p));
    *len = (size_t)((q ? q : end) - p);
    return q ? q + 1 : end;
}

static void check(const glue_catalog *cat)
{
    uint64_t objects = 0;
    for (size_t i = 0; i < glue_table_count(cat); i++) {
        const glue_table *t = glue_table_at(cat, i);
        objects += t->objects;
        if (!t->nkeys) continue;
        uint64_t in_parts = 0, bytes = 0;
        for (size_t p = 0; p < t->npartitions; p++) {
            in_parts += t->partitions[p].objects;
            bytes += t->partitions[p].bytes;
        }
        if (in_parts != t->objects || bytes != t->bytes) abort();
        glue_scan all, some;
        if (glue_scan_estimate(t, NULL, 0, &all, NULL) != SIM_OK) abort();
        if (all.partitions != t->npartitions || all.listings != all.listings_all) abort();
        const glue_partition *mid = &t->partitions[t->npartitions / 2];
        glue_predicate preds[2] = {
            {t->partition_keys[0], mid->values[0], mid->values[0]},
            {t->partition_keys[t->nkeys - 1], NULL, mid->values[t->nkeys - 1]}};
        if (glue_scan_estimate(t, preds, 2, &some, NULL) != SIM_OK) abort();
        if (some.partitions < 1 || some.partitions > all.partitions || some.bytes > all.bytes ||
            some.listings > all.listings_all)
            abort();
    }
    if (objects != glue_objects_crawled(cat)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int level = data[0] % 5;
    const char *paths[] = {"", "a/", "a/b/", "x"};
    const char *path = paths[data[1] % 4];
    s3 *st = s3_new(1 << 20);
    if (!st || s3_create_bucket(st, "lake", NULL) != SIM_OK) abort();
    const uint8_t *p = data + 2, *end = data + size;
    for (int n = 0; p < end && n < 200; n++) {
        size_t len;
        const uint8_t *rec = p;
        p = next_record(p, end, &len);
        const uint8_t *sep = memchr(rec, 0x01, len);
        size_t klen = sep ? (size_t)(sep - rec) : len;
        if (klen == 0 || klen > 200) continue;
        char key[256];
        memcpy(key, rec, klen);
        key[klen] = '\0';
        if (strlen(key) != klen) continue; /* no NUL inside a key */
        const uint8_t *body = sep ? sep + 1 : NULL;
        size_t blen = sep ? len - klen - 1 : (size_t)rec[0] * 10;
        s3_put_object(st, "lake", key, body, blen, 0, NULL);
    }
    glue_crawl_config cfg = {.bucket = "lake", .path = path, .table_level = level};
    glue_catalog *cat = glue_crawl(st, &cfg, NULL);
    if (!cat) abort(); /* the bucket exists and the level is valid */
    check(cat);
    glue_catalog_free(cat);
    s3_free(st);
    return 0;
}
