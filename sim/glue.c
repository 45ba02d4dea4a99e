/* Glue crawlers: the folder tree under an include path, where tables are
 * rooted, their partition keys and partitions, and what a query's
 * partition predicates leave to read. What an object is (classification,
 * columns) is glue_schema.c's. */
#include "sim/glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/glue_internal.h"

/* One object under the include path. */
typedef struct gfile {
    char **parts; /* its folders below the include path, then its name */
    size_t nparts;
    uint64_t size;
    glue_sig sig;
} gfile;

/* A folder: its files (indices into the crawl's files) and subfolders. */
typedef struct gnode {
    char *name;
    int level; /* absolute: the bucket's top folders are level 1 */
    struct gnode **kids;
    size_t nkids;
    size_t *files; /* files directly in it */
    size_t nfiles;
    size_t *under; /* every file beneath it */
    size_t nunder;
    glue_sig rep; /* the majority schema of the files beneath */
} gnode;

struct glue_catalog {
    glue_table *tables;
    size_t ntables;
    uint64_t objects;
};

typedef struct crawl {
    const glue_crawl_config *cfg;
    char *path; /* the include path, "" or ending in '/' */
    gfile *files;
    size_t nfiles, cap;
    glue_catalog *cat;
    bool oom, too_many;
} crawl;

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Appends v; the array doubles when its count reaches a power of two. */
static bool push_index(size_t **arr, size_t *n, size_t v)
{
    if ((*n & (*n - 1)) == 0) {
        size_t *g = realloc(*arr, (*n ? *n * 2 : 4) * sizeof *g);
        if (!g) return false;
        *arr = g;
    }
    (*arr)[(*n)++] = v;
    return true;
}

/* --- listing ------------------------------------------------------------- */

static void collect(void *ud, const s3_object_info *o)
{
    crawl *c = ud;
    size_t plen = strlen(c->path);
    const char *rel = o->key + plen;
    size_t rlen = strlen(rel);
    if (c->oom || c->too_many || rlen == 0 || rel[rlen - 1] == '/') return; /* folder markers */
    if (c->nfiles == GLUE_CRAWL_MAX_OBJECTS) {
        c->too_many = true;
        return;
    }
    if (c->nfiles == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        gfile *g = realloc(c->files, cap * sizeof *g);
        if (!g) {
            c->oom = true;
            return;
        }
        c->files = g;
        c->cap = cap;
    }
    gfile *f = &c->files[c->nfiles];
    memset(f, 0, sizeof *f);
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char **g = realloc(f->parts, (f->nparts + 1) * sizeof *g);
        char *part = g ? dup_n(p, n) : NULL;
        if (g) f->parts = g;
        if (!part) {
            c->oom = true;
            return;
        }
        f->parts[f->nparts++] = part;
        p += n + (slash ? 1 : 0);
        if (!slash) break;
    }
    f->size = o->size;
    glue_sig_of(o, &f->sig);
    c->nfiles++;
}

static void free_files(crawl *c)
{
    for (size_t i = 0; i < c->nfiles; i++) {
        for (size_t k = 0; k < c->files[i].nparts; k++)
            free(c->files[i].parts[k]);
        free(c->files[i].parts);
        glue_sig_free(&c->files[i].sig);
    }
    free(c->files);
}

/* --- the folder tree ----------------------------------------------------- */

static gnode *node_new(const char *name, int level)
{
    gnode *n = calloc(1, sizeof *n);
    if (n) n->name = strdup(name);
    if (n && !n->name) {
        free(n);
        return NULL;
    }
    if (n) n->level = level;
    return n;
}

static void node_free(gnode *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    free(n->files);
    free(n->under);
    free(n->name);
    glue_sig_free(&n->rep);
    free(n);
}

static gnode *child(gnode *n, const char *name)
{
    /* Objects come in key order: a file's folder is most often the last
     * one made. */
    if (n->nkids && strcmp(n->kids[n->nkids - 1]->name, name) == 0) return n->kids[n->nkids - 1];
    for (size_t i = 0; i < n->nkids; i++)
        if (strcmp(n->kids[i]->name, name) == 0) return n->kids[i];
    if ((n->nkids & (n->nkids - 1)) == 0) {
        gnode **g = realloc(n->kids, (n->nkids ? n->nkids * 2 : 4) * sizeof *g);
        if (!g) return NULL;
        n->kids = g;
    }
    gnode *k = node_new(name, n->level + 1);
    if (k) n->kids[n->nkids++] = k;
    return k;
}

static bool build(crawl *c, gnode *root)
{
    for (size_t i = 0; i < c->nfiles; i++) {
        gnode *n = root;
        if (!push_index(&n->under, &n->nunder, i)) return false;
        for (size_t k = 0; k + 1 < c->files[i].nparts; k++) {
            n = child(n, c->files[i].parts[k]);
            if (!n || !push_index(&n->under, &n->nunder, i)) return false;
        }
        if (!push_index(&n->files, &n->nfiles, i)) return false;
    }
    return true;
}

static bool same_sig(const glue_sig *a, const glue_sig *b)
{
    if (strcmp(a->classification, b->classification) || strcmp(a->compression, b->compression))
        return false;
    if (!a->columns || !b->columns) return !a->columns && !b->columns;
    if (a->ncolumns != b->ncolumns) return false;
    for (size_t i = 0; i < a->ncolumns; i++)
        if (strcmp(a->columns[i], b->columns[i]) != 0) return false;
    return true;
}

#define GROUPS_MAX 32

/* The signature that most of sigs[0..n) are similar to: its index; *weight
 * says how many are. Equal signatures are grouped first (a crawl has few
 * kinds of file), so this is linear in n; past GROUPS_MAX kinds, the rest
 * only count for the kinds already seen. */
static size_t majority(const glue_sig *const *sigs, size_t n, size_t *weight)
{
    size_t first[GROUPS_MAX], count[GROUPS_MAX], ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        while (g < ng && !same_sig(sigs[first[g]], sigs[i]))
            g++;
        if (g == ng && ng < GROUPS_MAX) first[ng] = i, count[ng++] = 0;
        if (g < ng) count[g]++;
    }
    size_t best = 0;
    *weight = 0;
    for (size_t g = 0; g < ng; g++) {
        size_t w = 0;
        for (size_t h = 0; h < ng; h++)
            if (glue_sig_similar(sigs[first[g]], sigs[first[h]])) w += count[h];
        if (w > *weight) *weight = w, best = first[g];
    }
    return best;
}

/* The schema most of the files beneath share, with their columns merged. */
static bool represent(crawl *c, gnode *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        if (!represent(c, n->kids[i])) return false;
    if (!n->nunder) return true;
    const glue_sig **sigs = malloc(n->nunder * sizeof *sigs);
    if (!sigs) return false;
    for (size_t i = 0; i < n->nunder; i++)
        sigs[i] = &c->files[n->under[i]].sig;
    size_t weight;
    const glue_sig *b = sigs[majority(sigs, n->nunder, &weight)];
    bool ok = glue_sig_copy(&n->rep, b);
    const glue_sig *merged[GROUPS_MAX];
    size_t nmerged = 0;
    for (size_t i = 0; ok && i < n->nunder; i++) {
        if (!glue_sig_similar(b, sigs[i])) continue;
        bool seen = false;
        for (size_t k = 0; k < nmerged && !seen; k++)
            seen = same_sig(merged[k], sigs[i]);
        if (seen) continue;
        if (nmerged < GROUPS_MAX) merged[nmerged++] = sigs[i];
        ok = glue_sig_merge(&n->rep, sigs[i]);
    }
    free(sigs);
    return ok;
}

/* --- tables -------------------------------------------------------------- */

static char *table_name(const char *folder)
{
    char *s = strdup(folder);
    for (char *p = s; p && *p; p++) {
        char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        *p = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_';
    }
    return s;
}

/* key=value folder names at depth d (all of them, with one key): the key. */
static char *key_name(crawl *c, const gnode *root, size_t base, size_t d)
{
    const char *key = NULL;
    size_t klen = 0;
    for (size_t i = 0; i < root->nunder; i++) {
        const gfile *f = &c->files[root->under[i]];
        if (base + d + 1 >= f->nparts) continue; /* no folder at that depth */
        const char *name = f->parts[base + d], *eq = strchr(name, '=');
        if (!eq || eq == name) goto plain;
        size_t n = (size_t)(eq - name);
        if (!key) {
            key = name;
            klen = n;
        } else if (n != klen || memcmp(key, name, n) != 0) {
            goto plain;
        }
    }
    if (key) {
        char *k = dup_n(key, klen);
        char *t = k ? table_name(k) : NULL;
        free(k);
        return t;
    }
plain:;
    char buf[32];
    snprintf(buf, sizeof buf, "partition_%zu", d);
    return strdup(buf);
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

static char *location(const crawl *c, const gfile *f, size_t upto)
{
    size_t n = strlen(c->cfg->bucket) + strlen(c->path) + 8;
    for (size_t k = 0; k < upto; k++)
        n += strlen(f->parts[k]) + 1;
    char *s = malloc(n);
    if (!s) return NULL;
    int w = snprintf(s, n, "s3://%s/%s", c->cfg->bucket, c->path);
    for (size_t k = 0; k < upto; k++)
        w += snprintf(s + w, n - (size_t)w, "%s/", f->parts[k]);
    return s;
}

/* Makes a table of the files beneath root, `base` folders below the
 * include path. */
static bool make_table(crawl *c, const gnode *root, size_t base)
{
    glue_catalog *cat = c->cat;
    glue_table *g = realloc(cat->tables, (cat->ntables + 1) * sizeof *g);
    if (!g) return false;
    cat->tables = g;
    glue_table *t = &cat->tables[cat->ntables++];
    memset(t, 0, sizeof *t);
    const gfile *first = &c->files[root->under[0]];
    t->name = table_name(base ? first->parts[base - 1] : root->name);
    t->location = location(c, first, base);
    if (!t->name || !t->location) return false;
    /* Two tables of one name (2023/01 and 2024/01 at table level 2): the
     * later gets a suffix from its location, as Glue makes names unique. */
    if (glue_table_find(cat, t->name) != t) {
        uint32_t h = 2166136261u;
        for (const char *p = t->location; *p; p++)
            h = (h ^ (uint8_t)*p) * 16777619u;
        size_t n = strlen(t->name) + 10;
        char *named = malloc(n);
        if (!named) return false;
        snprintf(named, n, "%s_%08x", t->name, (unsigned)h);
        free(t->name);
        t->name = named;
    }
    t->classification = strdup(root->rep.classification);
    t->compression = strdup(root->rep.compression);
    if (!t->name || !t->location || !t->classification || !t->compression) return false;
    size_t nkeys = 0;
    for (size_t i = 0; i < root->nunder; i++) {
        const gfile *f = &c->files[root->under[i]];
        if (f->nparts - 1 - base > nkeys) nkeys = f->nparts - 1 - base;
        t->objects++;
        t->bytes += f->size;
    }
    t->nkeys = nkeys;
    t->partition_keys = calloc(nkeys ? nkeys : 1, sizeof *t->partition_keys);
    if (!t->partition_keys) return false;
    for (size_t d = 0; d < nkeys; d++) {
        if (!(t->partition_keys[d] = key_name(c, root, base, d))) return false;
        /* A key named twice (year=/.../year=) cannot be two columns: the
         * later one falls back to its position's name. */
        for (size_t e = 0; e < d; e++) {
            if (strcmp(t->partition_keys[e], t->partition_keys[d]) != 0) continue;
            char buf[32];
            snprintf(buf, sizeof buf, "partition_%zu", d);
            free(t->partition_keys[d]);
            if (!(t->partition_keys[d] = strdup(buf))) return false;
            break;
        }
    }
    /* Data columns, less any that a partition key names. */
    if (root->rep.columns) {
        t->columns = calloc(root->rep.ncolumns ? root->rep.ncolumns : 1, sizeof *t->columns);
        if (!t->columns) return false;
        for (size_t i = 0; i < root->rep.ncolumns; i++) {
            bool clash = false;
            for (size_t d = 0; d < nkeys; d++)
                clash |= strcmp(t->partition_keys[d], root->rep.columns[i]) == 0;
            if (!clash && !(t->columns[t->ncolumns++] = strdup(root->rep.columns[i]))) return false;
        }
    }
    /* Partitions: the files sorted by their folder values, grouped. */
    prow *rows = malloc(root->nunder * sizeof *rows);
    if (!rows) return false;
    for (size_t i = 0; i < root->nunder; i++)
        rows[i] = (prow){&c->files[root->under[i]], base, nkeys};
    qsort(rows, root->nunder, sizeof *rows, prow_cmp);
    bool ok = true;
    for (size_t i = 0; ok && nkeys && i < root->nunder; i++) {
        if (i && prow_cmp(&rows[i - 1], &rows[i]) == 0) {
            t->partitions[t->npartitions - 1].objects++;
            t->partitions[t->npartitions - 1].bytes += rows[i].f->size;
            continue;
        }
        glue_partition *p = realloc(t->partitions, (t->npartitions + 1) * sizeof *p);
        if (!(ok = p != NULL)) break;
        t->partitions = p;
        glue_partition *np = &p[t->npartitions++];
        memset(np, 0, sizeof *np);
        np->values = calloc(nkeys, sizeof *np->values);
        const gfile *f = rows[i].f;
        size_t depth = f->nparts - 1 - base;
        np->location = location(c, f, base + depth);
        ok = np->values && np->location;
        for (size_t d = 0; ok && d < nkeys; d++)
            ok = (np->values[d] = strdup(d < depth ? value_of(f->parts[base + d]) : "")) != NULL;
        np->objects = 1;
        np->bytes = f->size;
    }
    free(rows);
    return ok;
}

/* The crawler's choice: a folder is a table's root when files sit in it
 * directly, when it has one subfolder, or when most of its subfolders'
 * schemas are similar; otherwise each subfolder is looked at in turn. */
static bool decide(crawl *c, const gnode *n, size_t base)
{
    if (!n->nunder) return true;
    int level = c->cfg->table_level;
    if (level > 0) {
        if (n->level >= level || n->nfiles) return make_table(c, n, base);
        for (size_t i = 0; i < n->nkids; i++)
            if (!decide(c, n->kids[i], base + 1)) return false;
        return true;
    }
    bool root = n->nfiles > 0 || n->nkids == 1;
    if (!root) {
        const glue_sig **reps = malloc(n->nkids * sizeof *reps);
        if (!reps) return false;
        for (size_t i = 0; i < n->nkids; i++)
            reps[i] = &n->kids[i]->rep;
        size_t similar;
        majority(reps, n->nkids, &similar);
        free(reps);
        root = similar * 2 > n->nkids;
    }
    if (root) return make_table(c, n, base);
    for (size_t i = 0; i < n->nkids; i++)
        if (!decide(c, n->kids[i], base + 1)) return false;
    return true;
}

glue_catalog *glue_crawl(const s3 *store, const glue_crawl_config *cfg, sim_error *err)
{
    if (!cfg || !cfg->bucket || !s3_bucket_exists(store, cfg->bucket)) {
        sim_fail(err, SIM_RESOURCE_NOT_FOUND, "The specified bucket does not exist: %s",
                 cfg && cfg->bucket ? cfg->bucket : "(none)");
        return NULL;
    }
    if (cfg->table_level < 0 || cfg->table_level > GLUE_TABLE_LEVEL_MAX) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "The table level must be an integer from 1 to %d (the top folder is level 1).",
                 GLUE_TABLE_LEVEL_MAX);
        return NULL;
    }
    crawl c = {.cfg = cfg};
    const char *path = cfg->path ? cfg->path : "";
    while (*path == '/')
        path++;
    size_t plen = strlen(path);
    c.path = malloc(plen + 2);
    c.cat = calloc(1, sizeof *c.cat);
    if (!c.path || !c.cat) {
        free(c.path);
        free(c.cat);
        sim_fail(err, SIM_NO_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(c.path, path, plen + 1);
    if (plen && path[plen - 1] != '/') strcat(c.path, "/");
    s3_list(store, cfg->bucket, c.path, collect, &c);
    /* The include path's own folder: its level counts its folders. */
    int level = 0;
    for (const char *p = c.path; *p; p++)
        level += *p == '/';
    const char *slash = plen ? strrchr(c.path, '/') : NULL;
    const char *start = c.path;
    if (slash && slash > c.path) {
        const char *prev = slash - 1;
        while (prev > c.path && prev[-1] != '/')
            prev--;
        start = prev;
    }
    char *rootname = plen ? dup_n(start, (size_t)(slash - start)) : strdup(cfg->bucket);
    gnode *root = rootname ? node_new(rootname, level) : NULL;
    free(rootname);
    if (c.too_many) {
        free_files(&c);
        free(c.path);
        glue_catalog_free(c.cat);
        sim_fail(err, SIM_LIMIT_EXCEEDED,
                 "The simulator crawls at most %d objects (a limit of this machine, not of Glue).",
                 GLUE_CRAWL_MAX_OBJECTS);
        return NULL;
    }
    bool ok = !c.oom && root && build(&c, root) && represent(&c, root) && decide(&c, root, 0);
    node_free(root);
    c.cat->objects = c.nfiles;
    free_files(&c);
    free(c.path);
    if (!ok) {
        glue_catalog_free(c.cat);
        sim_fail(err, SIM_NO_MEMORY, "out of memory");
        return NULL;
    }
    return c.cat;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void glue_catalog_free(glue_catalog *cat)
{
    if (!cat) return;
    for (size_t i = 0; i < cat->ntables; i++) {
        glue_table *t = &cat->tables[i];
        free(t->name), free(t->location), free(t->classification), free(t->compression);
        free_list(t->columns, t->ncolumns);
        for (size_t p = 0; p < t->npartitions; p++) {
            free_list(t->partitions[p].values, t->nkeys);
            free(t->partitions[p].location);
        }
        free(t->partitions);
        free_list(t->partition_keys, t->nkeys);
    }
    free(cat->tables);
    free(cat);
}

size_t glue_table_count(const glue_catalog *cat)
{
    return cat->ntables;
}

const glue_table *glue_table_at(const glue_catalog *cat, size_t i)
{
    return i < cat->ntables ? &cat->tables[i] : NULL;
}

const glue_table *glue_table_find(const glue_catalog *cat, const char *name)
{
    for (size_t i = 0; name && i < cat->ntables; i++)
        if (strcmp(cat->tables[i].name, name) == 0) return &cat->tables[i];
    return NULL;
}

uint64_t glue_objects_crawled(const glue_catalog *cat)
{
    return cat->objects;
}

/* --- scans --------------------------------------------------------------- */

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
    int *pred_of = malloc((t->nkeys ? t->nkeys : 1) * sizeof *pred_of);
    if (!pred_of) return sim_fail(err, SIM_NO_MEMORY, "out of memory");
    for (size_t d = 0; d < t->nkeys; d++)
        pred_of[d] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t d = 0;
        while (d < t->nkeys && (!p[i].key || strcmp(p[i].key, t->partition_keys[d]) != 0))
            d++;
        if (d == t->nkeys) {
            free(pred_of);
            return sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "Table %s has no partition key %s.",
                            t->name, p[i].key ? p[i].key : "(none)");
        }
        pred_of[d] = (int)i;
    }
    if (!t->nkeys) {
        out->objects = t->objects;
        out->bytes = t->bytes;
        out->listings = out->listings_all = 1;
        free(pred_of);
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
    free(pred_of);
    return SIM_OK;
}
