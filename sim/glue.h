#ifndef SIM_GLUE_H
#define SIM_GLUE_H

/* Glue crawlers over the simulated S3 (glue.c, glue_schema.c): which
 * tables, partition keys and partitions a crawler makes of the objects
 * under an include path, and what a query's partition predicates leave to
 * scan.
 *
 * As the Glue developer guide puts it ("How does a crawler determine when
 * to create partitions?"): the crawler finds the root of a table in the
 * folder structure; when the majority of schemas at a folder level are
 * similar, the folders become partitions of one table instead of separate
 * tables. Similar here: the same classification and compression, and
 * column sets that overlap by at least 70% (or are unknown, as for
 * metadata-only objects of one format). Folders named key=value give
 * partition keys named key; other folders give partition_0, partition_1,
 * ... by depth. A table level (absolute, the top folder being 1) puts every
 * table's root at that depth. The table's name is its root folder's,
 * lowercased, other characters as '_'.
 *
 * Schemas come from the objects: the classification from the extension or,
 * without one (Firehose's objects), from the first line (a JSON object, or
 * CSV); the columns from the first JSON record's keys, or a CSV header row
 * (a first row with no number in it, followed by one with a number).
 *
 * A query's cost in S3 terms: the partitions its predicates leave, their
 * objects and bytes, and the folder listings needed to find them - a
 * predicate on a leading partition key skips whole prefixes; one only on a
 * trailing key makes every prefix above it be listed.
 *
 * A crawl may be given the script's budget (sim/budget.h): the objects it
 * lists, their path components, the bytes it reads for schemas, the
 * folder tree it builds and the tables and partitions it makes are charged
 * before each step (glue_cost.h has the charges), and everything it holds,
 * the catalog included, counts toward the memory cap while it lives. A
 * crawl the budget cannot pay for fails with SIM_BUDGET_EXCEEDED, one the
 * memory cap refuses with SIM_NO_MEMORY; either way it frees what it made
 * and the store is untouched. A catalog's tables keep the budget, which
 * glue_scan_estimate charges; glue_table_find is charged too but still
 * answers (the host sees a spent budget with sim_budget_spent()). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/s3.h"
#include "sim/status.h"

typedef struct glue_partition {
    char **values; /* one per partition key */
    char *location;
    uint64_t objects, bytes;
} glue_partition;

typedef struct glue_table {
    char *name;
    char *location;       /* s3://bucket/prefix/ */
    char *classification; /* json, csv, parquet, orc, avro, unknown */
    char *compression;    /* none, gzip, bzip2, snappy */
    char **columns;       /* the data's columns; none when unknown */
    size_t ncolumns;
    char **partition_keys;
    size_t nkeys;
    glue_partition *partitions; /* in key order */
    size_t npartitions;
    uint64_t objects, bytes;
    sim_budget *budget; /* the crawl's (borrowed), which scans of the table charge */
} glue_table;

typedef struct glue_catalog glue_catalog;

/* Not Glue's limits but this machine's: objects one crawl reads, and the
 * deepest table level. */
#define GLUE_CRAWL_MAX_OBJECTS 200000
#define GLUE_TABLE_LEVEL_MAX 64

typedef struct glue_crawl_config {
    const char *bucket;
    const char *path;   /* the include path: a prefix in the bucket ("" = all) */
    int table_level;    /* 0: the crawler decides; else the absolute folder level, 1..64 */
    sim_budget *budget; /* borrowed, outlives the catalog; NULL = unlimited, uncounted */
} glue_crawl_config;

/* Crawls the objects under the include path. An empty path (no objects)
 * gives a catalog with no tables; more than GLUE_CRAWL_MAX_OBJECTS objects
 * are refused (SIM_LIMIT_EXCEEDED). */
glue_catalog *glue_crawl(const s3 *store, const glue_crawl_config *cfg, sim_error *err);
void glue_catalog_free(glue_catalog *cat);
size_t glue_table_count(const glue_catalog *cat);
const glue_table *glue_table_at(const glue_catalog *cat, size_t i);
const glue_table *glue_table_find(const glue_catalog *cat, const char *name);
/* How many objects the crawl read. */
uint64_t glue_objects_crawled(const glue_catalog *cat);

/* A predicate on a partition key: value in [lo, hi]; values of digits
 * compare as numbers (9 < 10), others as strings, and "01" and "1" are two
 * values, "01" first. lo == hi for equality; NULL for an open end. */
typedef struct glue_predicate {
    const char *key;
    const char *lo, *hi;
} glue_predicate;

typedef struct glue_scan {
    size_t partitions;       /* partitions the predicates leave */
    uint64_t objects, bytes; /* in them: what a query reads */
    size_t listings;         /* folder listings to find them */
    size_t listings_all;     /* folder listings of the whole table */
} glue_scan;

/* What a query with these predicates reads; an unknown key is an error.
 * Charged to t->budget first (SIM_BUDGET_EXCEEDED when it cannot pay). */
sim_status glue_scan_estimate(const glue_table *t, const glue_predicate *p, size_t n,
                              glue_scan *out, sim_error *err);

#endif
