#ifndef SIM_ATHENA_H
#define SIM_ATHENA_H

#include <stdbool.h>
#include <stdint.h>

/* Athena costing: what a query costs from the bytes it scans, and how many
 * bytes a query scans given the table's format, compression and layout. */

typedef enum {
    ATHENA_QUERY_SUCCEEDED,
    ATHENA_QUERY_FAILED,    /* failed queries are free */
    ATHENA_QUERY_CANCELLED, /* charged for what was scanned before the cancel */
    ATHENA_QUERY_DDL,       /* DDL and partition management are free */
} athena_query_kind;

typedef enum {
    ATHENA_FORMAT_CSV,
    ATHENA_FORMAT_JSON,
    ATHENA_FORMAT_AVRO,
    ATHENA_FORMAT_ORC,
    ATHENA_FORMAT_PARQUET,
    ATHENA_FORMAT_COUNT
} athena_format;

/* The price rules, with their sources, in one place. */
typedef struct athena_prices {
    double usd_per_tb;    /* $5 per TB scanned (AWS Athena pricing; course notes) */
    uint64_t round_bytes; /* rounded up to the nearest MB */
    uint64_t min_bytes;   /* 10 MB minimum per query */
} athena_prices;

const athena_prices *athena_default_prices(void);

/* Bytes that are billed for a query that scanned `scanned` bytes. */
uint64_t athena_billed_bytes(const athena_prices *p, athena_query_kind kind, uint64_t scanned);
/* Dollars for a query that scanned `scanned` bytes. */
double athena_query_cost(const athena_prices *p, athena_query_kind kind, uint64_t scanned);

const char *athena_format_name(athena_format f);
bool athena_format_parse(const char *name, athena_format *out);
bool athena_format_is_columnar(athena_format f);
bool athena_format_is_splittable(athena_format f);

/* A table as a query sees it. */
typedef struct athena_table {
    uint64_t raw_bytes; /* uncompressed size of the whole table */
    athena_format format;
    double compression_ratio; /* stored bytes = raw / ratio; 1 when uncompressed */
    int columns;              /* columns in the table */
    int partitions;           /* partitions in the table; 0 or 1 when unpartitioned */
} athena_table;

/* A query as far as scanning goes: how many columns it reads and how many
 * partitions survive its WHERE clause (all when it prunes nothing). */
typedef struct athena_query {
    int columns_read;
    int partitions_read;
} athena_query;

/* Estimated bytes scanned: row formats read every column of every surviving
 * partition; columnar formats read only the referenced columns. */
uint64_t athena_estimate_scan(const athena_table *t, const athena_query *q);

#endif
