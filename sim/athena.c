#include "sim/athena.h"

#include <string.h>
#include <strings.h>

#define MB (UINT64_C(1) << 20)
#define TB (UINT64_C(1) << 40)

static const athena_prices default_prices = {
    /* AWS Athena pricing, us-east-1: "$5.00 per TB of data scanned ... rounded
     * up to the nearest megabyte, with a 10 MB minimum per query"; course
     * notes: "$5 per TB scanned". We count MB and TB in powers of two. */
    .usd_per_tb = 5.0,
    .round_bytes = MB,
    .min_bytes = 10 * MB,
};

const athena_prices *athena_default_prices(void)
{
    return &default_prices;
}

uint64_t athena_billed_bytes(const athena_prices *p, athena_query_kind kind, uint64_t scanned)
{
    switch (kind) {
    case ATHENA_QUERY_FAILED:
    case ATHENA_QUERY_DDL:
        return 0;
    case ATHENA_QUERY_SUCCEEDED:
    case ATHENA_QUERY_CANCELLED:
        break;
    }
    uint64_t r = p->round_bytes ? p->round_bytes : 1;
    uint64_t billed = scanned / r * r;
    if (billed < scanned) billed += r;
    if (billed < p->min_bytes) billed = p->min_bytes;
    return billed;
}

double athena_query_cost(const athena_prices *p, athena_query_kind kind, uint64_t scanned)
{
    return (double)athena_billed_bytes(p, kind, scanned) / (double)TB * p->usd_per_tb;
}

static const struct {
    const char *name;
    bool columnar, splittable;
} format_table[ATHENA_FORMAT_COUNT] = {
    /* Course notes: ORC (columnar, splittable), Parquet (columnar,
     * splittable), Avro (splittable); CSV and JSON are row formats. */
    [ATHENA_FORMAT_CSV] = {"csv", false, false},
    [ATHENA_FORMAT_JSON] = {"json", false, false},
    [ATHENA_FORMAT_AVRO] = {"avro", false, true},
    [ATHENA_FORMAT_ORC] = {"orc", true, true},
    [ATHENA_FORMAT_PARQUET] = {"parquet", true, true},
};

const char *athena_format_name(athena_format f)
{
    return (unsigned)f < ATHENA_FORMAT_COUNT ? format_table[f].name : "unknown";
}

bool athena_format_parse(const char *name, athena_format *out)
{
    for (int i = 0; i < ATHENA_FORMAT_COUNT; i++) {
        if (name && strcasecmp(name, format_table[i].name) == 0) {
            *out = (athena_format)i;
            return true;
        }
    }
    return false;
}

bool athena_format_is_columnar(athena_format f)
{
    return (unsigned)f < ATHENA_FORMAT_COUNT && format_table[f].columnar;
}

bool athena_format_is_splittable(athena_format f)
{
    return (unsigned)f < ATHENA_FORMAT_COUNT && format_table[f].splittable;
}

uint64_t athena_estimate_scan(const athena_table *t, const athena_query *q)
{
    double bytes = (double)t->raw_bytes;
    if (t->compression_ratio > 1.0) bytes /= t->compression_ratio;
    if (t->partitions > 1) {
        int read = q->partitions_read;
        if (read < 0 || read > t->partitions) read = t->partitions;
        bytes = bytes * read / t->partitions;
    }
    if (athena_format_is_columnar(t->format) && t->columns > 0) {
        int cols = q->columns_read;
        if (cols < 1) cols = 1;
        if (cols > t->columns) cols = t->columns;
        bytes = bytes * cols / t->columns;
    }
    return (uint64_t)(bytes + 0.5);
}
