/* Where a crawl roots its tables, and each table's name, columns,
 * partition keys and partitions. The crawler's choice: a folder is a
 * table's root when files sit in it directly, when it has one subfolder,
 * or when most of its subfolders' schemas are similar; otherwise each
 * subfolder is looked at in turn (or, with a table level, every folder at
 * that level is a root). Memory and work go through the crawl's budget,
 * as in glue.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/glue_internal.h"

static bool oom(crawl *c)
{
    c->oom = true;
    return false;
}

/* A string of the crawl's, or NULL (and the crawl out of memory). */
static char *dup_n(crawl *c, const char *s, size_t n)
{
    char *d = sim_strndup(c->b, s, n);
    if (!d) oom(c);
    return d;
}

static char *table_name(crawl *c, const char *folder)
{
    char *s = dup_n(c, folder, strlen(folder));
    for (char *p = s; p && *p; p++) {
        char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        *p = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_';
    }
    return s;
}

static char *position_name(crawl *c, size_t d)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "partition_%zu", d);
    return dup_n(c, buf, (size_t)n);
}

/* key=value folder names at depth d (all of them, with one key): the key. */
static char *key_name(crawl *c, const gnode *root, size_t base, size_t d)
{
    if (!glue_pay(c, root->nunder * GLUE_COST_KEY_LOOK)) return NULL;
    const char *key = NULL;
    size_t klen = 0;
    for (size_t i = 0; i < root->nunder; i++) {
        const gfile *f = &c->files[root->under[i]];
        if (base + d + 1 >= f->nparts) continue; /* no folder at that depth */
        const char *name = f->parts[base + d], *eq = strchr(name, '=');
        if (!eq || eq == name) return position_name(c, d);
        size_t n = (size_t)(eq - name);
        if (!key) {
            key = name;
            klen = n;
        } else if (n != klen || memcmp(key, name, n) != 0) {
            return position_name(c, d);
        }
    }
    if (!key) return position_name(c, d);
    char *k = dup_n(c, key, klen);
    char *t = k ? table_name(c, k) : NULL;
    sim_free(c->b, k);
    return t;
}

static const char *value_of(const char *folder)
{
    const char *eq = strchr(folder, '=');
    return eq && eq != folder ? eq + 1 : folder;
}

typedef struct prow {
    const gfile *f;
    size_t base, nkeys;
} prow;

static int prow_cmp(const void *a, const void *b)
{
    const prow *x = a, *y = b;
    for (size_t d = 0; d < x->nkeys; d++) {
        const char *vx = d + 1 < x->f->nparts - x->base ? value_of(x->f->parts[x->base + d]) : "";
        const char *vy = d + 1 < y->f->nparts - y->base ? value_of(y->f->parts[y->base + d]) : "";
        int r = glue_value_cmp(vx, vy);
        if (r) return r;
    }
    return 0;
}

static char *location(crawl *c, const gfile *f, size_t upto)
{
    size_t n = strlen(c->cfg->bucket) + strlen(c->path) + 8;
    for (size_t k = 0; k < upto; k++)
        n += strlen(f->parts[k]) + 1;
    char *s = sim_malloc(c->b, n);
    if (!s) {
        oom(c);
        return NULL;
    }
    int w = snprintf(s, n, "s3://%s/%s", c->cfg->bucket, c->path);
    for (size_t k = 0; k < upto; k++)
        w += snprintf(s + w, n - (size_t)w, "%s/", f->parts[k]);
    return s;
}

static void free_list(sim_budget *b, char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        sim_free(b, v[i]);
    sim_free(b, v);
}

void glue_table_free(sim_budget *b, glue_table *t)
{
    sim_free(b, t->name);
    sim_free(b, t->location);
    sim_free(b, t->classification);
    sim_free(b, t->compression);
    free_list(b, t->columns, t->ncolumns);
    for (size_t p = 0; p < t->npartitions; p++) {
        free_list(b, t->partitions[p].values, t->nkeys);
        sim_free(b, t->partitions[p].location);
    }
    sim_free(b, t->partitions);
    free_list(b, t->partition_keys, t->nkeys);
}

/* The table of that name among the first n. The crawl pays for the names
 * it compared once the search is over (at most n: the crawl's own tables,
 * one per folder at most). */
static const glue_table *find(crawl *c, size_t n, const char *name)
{
    size_t i = 0;
    while (i < n && strcmp(c->cat->tables[i].name, name) != 0)
        i++;
    glue_pay(c, (i + 1) / GLUE_NAMES_PER_UNIT);
    return i < n ? &c->cat->tables[i] : NULL;
}

/* Its partitions: the files sorted by their folder values, grouped. */
static bool make_partitions(crawl *c, const gnode *root, size_t base, glue_table *t)
{
    size_t nkeys = t->nkeys, n = root->nunder;
    uint64_t log2n = 1;
    while (log2n < 64 && ((uint64_t)1 << log2n) < n)
        log2n++;
    /* The sort's comparisons and the grouping's, each over the keys. */
    if (!glue_pay(c, (n * log2n + n) * (nkeys + 1) * GLUE_COST_KEY_COMPARE)) return false;
    prow *rows = sim_reallocarray(c->b, NULL, n, sizeof *rows);
    if (!rows) return oom(c);
    for (size_t i = 0; i < n; i++)
        rows[i] = (prow){&c->files[root->under[i]], base, nkeys};
    qsort(rows, n, sizeof *rows, prow_cmp);
    size_t cap = 0;
    bool ok = true;
    for (size_t i = 0; ok && nkeys && i < n; i++) {
        if (i && prow_cmp(&rows[i - 1], &rows[i]) == 0) {
            t->partitions[t->npartitions - 1].objects++;
            t->partitions[t->npartitions - 1].bytes += rows[i].f->size;
            continue;
        }
        const gfile *f = rows[i].f;
        size_t depth = f->nparts - 1 - base;
        if (!(ok = glue_pay(c, GLUE_COST_PARTITION + (nkeys + depth) * GLUE_COST_PART))) break;
        if (t->npartitions == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            glue_partition *p = sim_reallocarray(c->b, t->partitions, ncap, sizeof *p);
            if (!(ok = p != NULL || oom(c))) break;
            t->partitions = p;
            cap = ncap;
        }
        glue_partition *np = &t->partitions[t->npartitions++];
        memset(np, 0, sizeof *np);
        np->values = sim_calloc(c->b, nkeys, sizeof *np->values);
        np->location = location(c, f, base + depth);
        ok = (np->values && np->location) || oom(c);
        for (size_t d = 0; ok && d < nkeys; d++) {
            const char *v = d < depth ? value_of(f->parts[base + d]) : "";
            ok = (np->values[d] = dup_n(c, v, strlen(v))) != NULL;
        }
        np->objects = 1;
        np->bytes = f->size;
    }
    sim_free(c->b, rows);
    return ok;
}

/* Makes a table of the files beneath root, `base` folders below the
 * include path. A table left half made by a failure is still freeable
 * with the catalog. */
static bool make_table(crawl *c, const gnode *root, size_t base)
{
    glue_catalog *cat = c->cat;
    if (!glue_pay(c, GLUE_COST_TABLE + root->nunder * GLUE_COST_KEY_LOOK)) return false;
    if (cat->ntables == cat->cap) {
        size_t ncap = cat->cap ? cat->cap * 2 : 4;
        glue_table *g = sim_reallocarray(c->b, cat->tables, ncap, sizeof *g);
        if (!g) return oom(c);
        cat->tables = g;
        cat->cap = ncap;
    }
    glue_table *t = &cat->tables[cat->ntables++];
    memset(t, 0, sizeof *t);
    t->budget = c->b;
    const gfile *first = &c->files[root->under[0]];
    t->name = table_name(c, base ? first->parts[base - 1] : root->name);
    t->location = location(c, first, base);
    if (!t->name || !t->location) return false;
    /* Two tables of one name (2023/01 and 2024/01 at table level 2): the
     * later gets a suffix from its location, as Glue makes names unique. */
    const glue_table *same = find(c, cat->ntables - 1, t->name);
    if (c->spent) return false;
    if (same) {
        uint32_t h = 2166136261u;
        for (const char *p = t->location; *p; p++)
            h = (h ^ (uint8_t)*p) * 16777619u;
        size_t n = strlen(t->name) + 10;
        char *named = sim_malloc(c->b, n);
        if (!named) return oom(c);
        snprintf(named, n, "%s_%08x", t->name, (unsigned)h);
        sim_free(c->b, t->name);
        t->name = named;
    }
    t->classification = dup_n(c, root->rep.classification, strlen(root->rep.classification));
    t->compression = dup_n(c, root->rep.compression, strlen(root->rep.compression));
    if (!t->classification || !t->compression) return false;
    size_t nkeys = 0;
    for (size_t i = 0; i < root->nunder; i++) {
        const gfile *f = &c->files[root->under[i]];
        if (f->nparts - 1 - base > nkeys) nkeys = f->nparts - 1 - base;
        t->objects++;
        t->bytes += f->size;
    }
    t->partition_keys = sim_calloc(c->b, nkeys ? nkeys : 1, sizeof *t->partition_keys);
    if (!t->partition_keys) return oom(c);
    t->nkeys = nkeys;
    if (!glue_pay(c, nkeys * nkeys / GLUE_NAMES_PER_UNIT)) return false;
    for (size_t d = 0; d < nkeys; d++) {
        if (!(t->partition_keys[d] = key_name(c, root, base, d))) return false;
        /* A key named twice (year=/.../year=) cannot be two columns: the
         * later one falls back to its position's name. */
        for (size_t e = 0; e < d; e++) {
            if (strcmp(t->partition_keys[e], t->partition_keys[d]) != 0) continue;
            sim_free(c->b, t->partition_keys[d]);
            if (!(t->partition_keys[d] = position_name(c, d))) return false;
            break;
        }
    }
    /* Data columns, less any that a partition key names. */
    if (root->rep.columns) {
        size_t ncols = root->rep.ncolumns;
        if (!glue_pay(c, ncols * (1 + nkeys / GLUE_NAMES_PER_UNIT))) return false;
        t->columns = sim_calloc(c->b, ncols ? ncols : 1, sizeof *t->columns);
        if (!t->columns) return oom(c);
        for (size_t i = 0; i < ncols; i++) {
            const char *col = root->rep.columns[i];
            bool clash = false;
            for (size_t d = 0; d < nkeys; d++)
                clash |= strcmp(t->partition_keys[d], col) == 0;
            if (!clash && !(t->columns[t->ncolumns++] = dup_n(c, col, strlen(col)))) return false;
        }
    }
    return make_partitions(c, root, base, t);
}

static bool decide_at(crawl *c, const gnode *n, size_t base)
{
    if (!n->nunder) return true;
    int level = c->cfg->table_level;
    if (level > 0) {
        if (n->level >= level || n->nfiles) return make_table(c, n, base);
        for (size_t i = 0; i < n->nkids; i++)
            if (!decide_at(c, n->kids[i], base + 1)) return false;
        return true;
    }
    bool root = n->nfiles > 0 || n->nkids == 1;
    if (!root) {
        const glue_sig **reps = sim_reallocarray(c->b, NULL, n->nkids, sizeof *reps);
        if (!reps) return oom(c);
        for (size_t i = 0; i < n->nkids; i++)
            reps[i] = &n->kids[i]->rep;
        size_t best, similar;
        bool ok = glue_majority(c, reps, n->nkids, &best, &similar);
        sim_free(c->b, reps);
        if (!ok) return false;
        root = similar * 2 > n->nkids;
    }
    if (root) return make_table(c, n, base);
    for (size_t i = 0; i < n->nkids; i++)
        if (!decide_at(c, n->kids[i], base + 1)) return false;
    return true;
}

bool glue_decide(crawl *c, const gnode *root)
{
    return decide_at(c, root, 0);
}
