/* What a crawler makes of one object: its classification (from the name's
 * extension, or, without one, from the first line), its compression (from
 * the name), and its columns when the bytes are there: the keys of the
 * first JSON record (jansson), or a CSV header row. The bytes read and the
 * columns compared are paid for first, from the crawl's budget. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "sim/glue_internal.h"

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)s[n - k + i]) != suffix[i]) return false;
    return true;
}

/* Out of memory: the crawl gives up. */
static bool oom(crawl *c)
{
    c->oom = true;
    return false;
}

static bool push_column(crawl *c, glue_sig *s, const char *name, size_t len)
{
    /* It is compared with every column before it. */
    if (!glue_pay(c, GLUE_COST_COLUMN + s->ncolumns / GLUE_COLUMNS_PER_UNIT)) return false;
    for (size_t i = 0; i < s->ncolumns; i++)
        if (strlen(s->columns[i]) == len && memcmp(s->columns[i], name, len) == 0) return true;
    char **grown = sim_reallocarray(c->b, s->columns, s->ncolumns + 1, sizeof *grown);
    if (!grown) return oom(c);
    s->columns = grown;
    char *copy = sim_malloc(c->b, len + 1);
    if (!copy) return oom(c);
    /* Glue lowercases column names. */
    for (size_t i = 0; i < len; i++)
        copy[i] = (char)tolower((unsigned char)name[i]);
    copy[len] = '\0';
    s->columns[s->ncolumns++] = copy;
    return true;
}

static bool is_number(const char *p, size_t n)
{
    while (n && isspace((unsigned char)*p))
        p++, n--;
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    if (!n) return false;
    size_t i = 0, digits = 0;
    if (p[0] == '-' || p[0] == '+') i++;
    bool dot = false;
    for (; i < n; i++) {
        if (isdigit((unsigned char)p[i]))
            digits++;
        else if (p[i] == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits > 0;
}

/* The fields of one CSV line (no quoting: the crawler's own CSV classifier
 * handles quotes, which a header of names rarely has). */
static size_t csv_fields(const char *line, size_t len, const char **at, size_t *flen, size_t cap)
{
    size_t n = 0, from = 0;
    for (size_t i = 0; i <= len && n < cap; i++) {
        if (i == len || line[i] == ',') {
            at[n] = line + from;
            flen[n++] = i - from;
            from = i + 1;
        }
    }
    return n;
}

static bool csv_columns(crawl *c, const char *data, size_t size, glue_sig *s)
{
    /* Two newlines looked for, then the fields of two lines read. */
    if (!glue_pay(c, 2 * (size / GLUE_MEMCHR_BYTES_PER_UNIT))) return false;
    const char *nl = memchr(data, '\n', size);
    size_t l1 = nl ? (size_t)(nl - data) : size;
    if (l1 && data[l1 - 1] == '\r') l1--;
    enum { MAX = 256 };
    const char *f1[MAX], *f2[MAX];
    size_t n1[MAX], n2[MAX];
    if (!glue_pay(c, (l1 + (nl ? size - l1 : 0)) / GLUE_FIELD_BYTES_PER_UNIT)) return false;
    size_t c1 = csv_fields(data, l1, f1, n1, MAX), c2 = 0;
    if (nl) {
        const char *second = nl + 1;
        size_t rest = size - (size_t)(second - data);
        const char *nl2 = memchr(second, '\n', rest);
        size_t l2 = nl2 ? (size_t)(nl2 - second) : rest;
        if (l2 && second[l2 - 1] == '\r') l2--;
        if (l2) c2 = csv_fields(second, l2, f2, n2, MAX);
    }
    /* A header: nothing in the first row is a number, something in the
     * second is. */
    bool header = c2 > 0;
    for (size_t i = 0; header && i < c1; i++)
        if (is_number(f1[i], n1[i])) header = false;
    bool later_number = false;
    for (size_t i = 0; i < c2; i++)
        if (is_number(f2[i], n2[i])) later_number = true;
    header = header && later_number;
    s->columns = sim_calloc(c->b, 1, sizeof *s->columns);
    if (!s->columns) return oom(c);
    for (size_t i = 0; i < c1; i++) {
        if (header) {
            const char *p = f1[i];
            size_t n = n1[i];
            while (n && isspace((unsigned char)*p))
                p++, n--;
            while (n && isspace((unsigned char)p[n - 1]))
                n--;
            if (n && !push_column(c, s, p, n)) return false;
            if (n) continue;
        }
        char name[24];
        int k = snprintf(name, sizeof name, "col%zu", i);
        if (!push_column(c, s, name, (size_t)k)) return false;
    }
    return true;
}

/* The keys of the first line's object: true when it is one (*ok false
 * when out of memory or budget on the way). */
static bool json_columns(crawl *c, const char *data, size_t size, glue_sig *s, bool *ok)
{
    *ok = false;
    if (!glue_pay(c, size / GLUE_MEMCHR_BYTES_PER_UNIT)) return false;
    const char *nl = memchr(data, '\n', size);
    size_t l1 = nl ? (size_t)(nl - data) : size;
    /* jansson's tree is not ours to count, but the crawl holds it for a
     * moment: an estimate of it is taken while it lives. */
    size_t tree = l1 * GLUE_JSON_BYTES_PER_BYTE;
    if (!glue_pay(c, l1 * GLUE_COST_JSON_BYTE)) return false;
    if (!sim_budget_take(c->b, tree)) return oom(c);
    json_t *rec = json_loadb(data, l1, 0, NULL);
    if (!json_is_object(rec)) {
        json_decref(rec);
        sim_budget_give(c->b, tree);
        *ok = true;
        return false;
    }
    s->columns = sim_calloc(c->b, 1, sizeof *s->columns);
    bool good = s->columns != NULL || oom(c);
    const char *k;
    json_t *v;
    json_object_foreach(rec, k, v)
    {
        (void)v;
        if (!good || !(good = push_column(c, s, k, strlen(k)))) break;
    }
    json_decref(rec);
    sim_budget_give(c->b, tree);
    *ok = good;
    return true;
}

bool glue_sig_of(crawl *c, const s3_object_info *o, glue_sig *out)
{
    memset(out, 0, sizeof *out);
    const char *key = o->key;
    size_t n = strlen(key);
    strcpy(out->compression, "none");
    static const struct {
        const char *ext, *name;
    } comp[] = {{".gz", "gzip"}, {".gzip", "gzip"}, {".bz2", "bzip2"}, {".snappy", "snappy"}};
    for (size_t i = 0; i < sizeof comp / sizeof comp[0]; i++) {
        if (ends_with(key, n, comp[i].ext)) {
            strcpy(out->compression, comp[i].name);
            n -= strlen(comp[i].ext);
            break;
        }
    }
    static const struct {
        const char *ext, *name;
    } formats[] = {{".json", "json"}, {".jsonl", "json"},      {".ndjson", "json"},
                   {".csv", "csv"},   {".parquet", "parquet"}, {".orc", "orc"},
                   {".avro", "avro"}};
    strcpy(out->classification, "unknown");
    bool named = false;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (ends_with(key, n, formats[i].ext)) {
            strcpy(out->classification, formats[i].name);
            named = true;
            /* x.snappy.parquet: the compression inside the format */
            if (ends_with(key, n - strlen(formats[i].ext), ".snappy"))
                strcpy(out->compression, "snappy");
            break;
        }
    }
    /* The bytes are read only when they are kept and not compressed. */
    bool readable = o->data && o->size && strcmp(out->compression, "none") == 0;
    if (!readable) return true;
    const char *data = (const char *)o->data;
    size_t size = o->size < ((size_t)1 << 20) ? (size_t)o->size : (size_t)1 << 20;
    if (strcmp(out->classification, "json") == 0 || !named) {
        bool ok;
        if (json_columns(c, data, size, out, &ok)) {
            if (ok) strcpy(out->classification, "json");
            return ok;
        }
        if (!ok) return false;
    }
    if (!named && !glue_pay(c, size / GLUE_MEMCHR_BYTES_PER_UNIT)) return false;
    if (strcmp(out->classification, "csv") == 0 || (!named && memchr(data, ',', size) != NULL)) {
        strcpy(out->classification, "csv");
        return csv_columns(c, data, size, out);
    }
    return true;
}

void glue_sig_free(sim_budget *b, glue_sig *s)
{
    for (size_t i = 0; s->columns && i < s->ncolumns; i++)
        sim_free(b, s->columns[i]);
    sim_free(b, s->columns);
    s->columns = NULL;
    s->ncolumns = 0;
}

bool glue_sig_similar(const glue_sig *a, const glue_sig *b)
{
    if (strcmp(a->classification, b->classification) != 0) return false;
    if (strcmp(a->compression, b->compression) != 0) return false;
    if (!a->columns || !b->columns) return true;
    size_t common = 0;
    for (size_t i = 0; i < a->ncolumns; i++)
        for (size_t j = 0; j < b->ncolumns; j++)
            if (strcmp(a->columns[i], b->columns[j]) == 0) {
                common++;
                break;
            }
    size_t all = a->ncolumns + b->ncolumns - common;
    return all == 0 || common * 10 >= all * 7;
}

uint64_t glue_sig_similar_cost(const glue_sig *a, const glue_sig *b)
{
    return 1 + (uint64_t)a->ncolumns * b->ncolumns / GLUE_COLUMNS_PER_UNIT;
}

bool glue_sig_same(const glue_sig *a, const glue_sig *b)
{
    if (strcmp(a->classification, b->classification) || strcmp(a->compression, b->compression))
        return false;
    if (!a->columns || !b->columns) return !a->columns && !b->columns;
    if (a->ncolumns != b->ncolumns) return false;
    for (size_t i = 0; i < a->ncolumns; i++)
        if (strcmp(a->columns[i], b->columns[i]) != 0) return false;
    return true;
}

bool glue_sig_merge(crawl *c, glue_sig *a, const glue_sig *b)
{
    if (!b->columns) return true;
    if (!a->columns) {
        a->columns = sim_calloc(c->b, 1, sizeof *a->columns);
        if (!a->columns) return oom(c);
    }
    for (size_t i = 0; i < b->ncolumns; i++)
        if (!push_column(c, a, b->columns[i], strlen(b->columns[i]))) return false;
    return true;
}

bool glue_sig_copy(crawl *c, glue_sig *dst, const glue_sig *src)
{
    *dst = *src;
    dst->columns = NULL;
    dst->ncolumns = 0;
    return glue_sig_merge(c, dst, src);
}

int glue_value_cmp(const char *a, const char *b)
{
    const char *a0 = a, *b0 = b;
    bool da = *a != '\0', db = *b != '\0';
    for (const char *p = a; *p && da; p++)
        da = isdigit((unsigned char)*p);
    for (const char *p = b; *p && db; p++)
        db = isdigit((unsigned char)*p);
    if (da && db) {
        while (*a == '0' && a[1])
            a++;
        while (*b == '0' && b[1])
            b++;
        size_t la = strlen(a), lb = strlen(b);
        if (la != lb) return la < lb ? -1 : 1;
        int r = strcmp(a, b);
        if (r) return r;
    }
    return strcmp(a0, b0); /* "01" before "1": equal numbers, two values */
}
