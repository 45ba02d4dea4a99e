/* What a query's partition predicates leave to read in a crawled table,
 * and the folder listings it takes to find it. The work is charged to the
 * budget of the crawl that made the table (glue_cost.h), before it is
 * done. */
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/glue_internal.h"

static bool in_range(const char *v, const glue_predicate *p)
{
    return (!p->lo || glue_value_cmp(v, p->lo) >= 0) && (!p->hi || glue_value_cmp(v, p->hi) <= 0);
}

/* Listings to reach the partitions that pass the predicates on the keys
 * above each level: one per distinct prefix listed, level by level, then
 * one per partition for its objects. Partitions are sorted by their
 * values, so equal prefixes are neighbours. */
static size_t listings(const glue_table *t, const int *pred_of, const glue_predicate *p, bool use)
{
    size_t total = 1; /* the table's root */
    for (size_t d = 1; d <= t->nkeys; d++) {
        const glue_partition *prev = NULL;
        for (size_t i = 0; i < t->npartitions; i++) {
            const glue_partition *q = &t->partitions[i];
            bool pass = true;
            for (size_t k = 0; use && pass && k < d; k++)
                if (pred_of[k] >= 0) pass = in_range(q->values[k], &p[pred_of[k]]);
            if (!pass) continue;
            bool same = prev != NULL;
            for (size_t k = 0; same && k < d; k++)
                same = strcmp(prev->values[k], q->values[k]) == 0;
            if (!same) total++;
            prev = q;
        }
    }
    return total;
}

sim_status glue_scan_estimate(const glue_table *t, const glue_predicate *p, size_t n,
                              glue_scan *out, sim_error *err)
{
    memset(out, 0, sizeof *out);
    /* The predicates matched to keys, the partitions filtered, then the
     * listings: for each depth d, every partition's first d values. */
    uint64_t k = t->nkeys, parts = t->npartitions;
    uint64_t units = GLUE_COST_SCAN + (uint64_t)n * k / GLUE_NAMES_PER_UNIT;
    uint64_t pairs = 2 * k * (k + 1) + k; /* the filter, and two listings' walks */
    if (!sim_budget_charge(t->budget, units) ||
        !sim_budget_charge_n(t->budget, parts, pairs / GLUE_VALUES_PER_UNIT + 1))
        return sim_fail_work(err, "estimating a scan of table %.100s", t->name);
    int *pred_of = sim_reallocarray(t->budget, NULL, t->nkeys ? t->nkeys : 1, sizeof *pred_of);
    if (!pred_of) return sim_fail_memory(err, t->budget, "estimating a scan of %.100s", t->name);
    for (size_t d = 0; d < t->nkeys; d++)
        pred_of[d] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t d = 0;
        while (d < t->nkeys && (!p[i].key || strcmp(p[i].key, t->partition_keys[d]) != 0))
            d++;
        if (d == t->nkeys) {
            sim_free(t->budget, pred_of);
            return sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "Table %s has no partition key %s.",
                            t->name, p[i].key ? p[i].key : "(none)");
        }
        pred_of[d] = (int)i;
    }
    if (!t->nkeys) {
        out->objects = t->objects;
        out->bytes = t->bytes;
        out->listings = out->listings_all = 1;
        sim_free(t->budget, pred_of);
        return SIM_OK;
    }
    for (size_t i = 0; i < t->npartitions; i++) {
        const glue_partition *q = &t->partitions[i];
        bool pass = true;
        for (size_t d = 0; pass && d < t->nkeys; d++)
            if (pred_of[d] >= 0) pass = in_range(q->values[d], &p[pred_of[d]]);
        if (!pass) continue;
        out->partitions++;
        out->objects += q->objects;
        out->bytes += q->bytes;
    }
    out->listings = listings(t, pred_of, p, true);
    out->listings_all = listings(t, pred_of, p, false);
    sim_free(t->budget, pred_of);
    return SIM_OK;
}
