/* Glue crawlers: the objects under an include path, the folder tree they
 * make, the schema most of each folder's objects share, and the catalog
 * that holds the result. Where tables are rooted and their partitions are
 * glue_table.c's, what a query's predicates leave to read glue_scan.c's,
 * and what an object is (classification, columns) glue_schema.c's.
 *
 * Every allocation of a crawl goes through the crawl's budget, and each
 * step of work is paid for before it is done (glue_cost.h): a crawl the
 * budget cannot pay for, or whose memory the cap refuses, gives up, frees
 * what it made and fails with SIM_BUDGET_EXCEEDED or SIM_NO_MEMORY. */
#include "sim/glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/glue_internal.h"

bool glue_pay(crawl *c, uint64_t units)
{
    if (c->spent) return false;
    if (sim_budget_charge(c->b, units)) return true;
    c->spent = true;
    return false;
}

/* Out of memory: the crawl gives up. */
static bool oom(crawl *c)
{
    c->oom = true;
    return false;
}

/* Appends v; the array doubles when its count reaches a power of two. */
static bool push_index(crawl *c, size_t **arr, size_t *n, size_t v)
{
    if ((*n & (*n - 1)) == 0) {
        size_t *g = sim_reallocarray(c->b, *arr, *n ? *n * 2 : 4, sizeof *g);
        if (!g) return oom(c);
        *arr = g;
    }
    (*arr)[(*n)++] = v;
    return true;
}

/* --- listing ------------------------------------------------------------- */

static void free_file(sim_budget *b, gfile *f)
{
    for (size_t k = 0; k < f->nparts; k++)
        sim_free(b, f->parts[k]);
    sim_free(b, f->parts);
    glue_sig_free(b, &f->sig);
}

static void collect(void *ud, const s3_object_info *o)
{
    crawl *c = ud;
    if (c->oom || c->too_many || c->spent) return;
    size_t plen = strlen(c->path);
    const char *rel = o->key + plen;
    size_t rlen = strlen(rel);
    if (rlen == 0 || rel[rlen - 1] == '/') return; /* folder markers */
    if (c->nfiles == GLUE_CRAWL_MAX_OBJECTS) {
        c->too_many = true;
        return;
    }
    size_t nparts = 1;
    for (const char *p = rel; (p = strchr(p, '/')) != NULL; p++)
        nparts++;
    if (!glue_pay(c, GLUE_COST_OBJECT + nparts * GLUE_COST_PART)) return;
    if (c->nfiles == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        gfile *g = sim_reallocarray(c->b, c->files, cap, sizeof *g);
        if (!g) {
            oom(c);
            return;
        }
        c->files = g;
        c->cap = cap;
    }
    gfile *f = &c->files[c->nfiles];
    memset(f, 0, sizeof *f);
    f->parts = sim_reallocarray(c->b, NULL, nparts, sizeof *f->parts);
    if (!f->parts) {
        oom(c);
        return;
    }
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char *part = sim_strndup(c->b, p, n);
        if (!part) {
            oom(c);
            free_file(c->b, f);
            return;
        }
        f->parts[f->nparts++] = part;
        p += n + (slash ? 1 : 0);
        if (!slash) break;
    }
    f->size = o->size;
    if (!glue_sig_of(c, o, &f->sig)) {
        free_file(c->b, f);
        return;
    }
    c->nfiles++;
}

static void free_files(crawl *c)
{
    for (size_t i = 0; i < c->nfiles; i++)
        free_file(c->b, &c->files[i]);
    sim_free(c->b, c->files);
}

/* --- the folder tree ----------------------------------------------------- */

static gnode *node_new(crawl *c, const char *name, size_t len, int level)
{
    gnode *n = sim_calloc(c->b, 1, sizeof *n);
    if (n) n->name = sim_strndup(c->b, name, len);
    if (n && !n->name) {
        sim_free(c->b, n);
        return NULL;
    }
    if (n) n->level = level;
    return n;
}

static void node_free(sim_budget *b, gnode *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nkids; i++)
        node_free(b, n->kids[i]);
    sim_free(b, n->kids);
    sim_free(b, n->files);
    sim_free(b, n->under);
    sim_free(b, n->name);
    glue_sig_free(b, &n->rep);
    sim_free(b, n);
}

static gnode *child(crawl *c, gnode *n, const char *name)
{
    /* Objects come in key order: a file's folder is most often the last
     * one made. */
    if (n->nkids && strcmp(n->kids[n->nkids - 1]->name, name) == 0) return n->kids[n->nkids - 1];
    if (!glue_pay(c, n->nkids / GLUE_NAMES_PER_UNIT)) return NULL;
    for (size_t i = 0; i < n->nkids; i++)
        if (strcmp(n->kids[i]->name, name) == 0) return n->kids[i];
    if ((n->nkids & (n->nkids - 1)) == 0) {
        gnode **g = sim_reallocarray(c->b, n->kids, n->nkids ? n->nkids * 2 : 4, sizeof *g);
        if (!g) {
            oom(c);
            return NULL;
        }
        n->kids = g;
    }
    gnode *k = node_new(c, name, strlen(name), n->level + 1);
    if (!k) {
        oom(c);
        return NULL;
    }
    n->kids[n->nkids++] = k;
    return k;
}

static bool build(crawl *c, gnode *root)
{
    for (size_t i = 0; i < c->nfiles; i++) {
        if (!glue_pay(c, c->files[i].nparts * GLUE_COST_TREE_STEP)) return false;
        gnode *n = root;
        if (!push_index(c, &n->under, &n->nunder, i)) return false;
        for (size_t k = 0; k + 1 < c->files[i].nparts; k++) {
            n = child(c, n, c->files[i].parts[k]);
            if (!n || !push_index(c, &n->under, &n->nunder, i)) return false;
        }
        if (!push_index(c, &n->files, &n->nfiles, i)) return false;
    }
    return true;
}

#define GROUPS_MAX 32

/* Equal signatures are grouped first (a crawl has few kinds of file), so
 * this is linear in n; past GROUPS_MAX kinds, the rest only count for the
 * kinds already seen. */
bool glue_majority(crawl *c, const glue_sig *const *sigs, size_t n, size_t *best, size_t *weight)
{
    size_t first[GROUPS_MAX], count[GROUPS_MAX], ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (!glue_pay(c, ng * (1 + sigs[i]->ncolumns / GLUE_COLUMNS_PER_UNIT))) return false;
        size_t g = 0;
        while (g < ng && !glue_sig_same(sigs[first[g]], sigs[i]))
            g++;
        if (g == ng && ng < GROUPS_MAX) first[ng] = i, count[ng++] = 0;
        if (g < ng) count[g]++;
    }
    *best = 0;
    *weight = 0;
    for (size_t g = 0; g < ng; g++) {
        size_t w = 0;
        for (size_t h = 0; h < ng; h++) {
            if (!glue_pay(c, glue_sig_similar_cost(sigs[first[g]], sigs[first[h]]))) return false;
            if (glue_sig_similar(sigs[first[g]], sigs[first[h]])) w += count[h];
        }
        if (w > *weight) *weight = w, *best = first[g];
    }
    return true;
}

/* The schema most of the files beneath share, with their columns merged. */
static bool represent(crawl *c, gnode *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        if (!represent(c, n->kids[i])) return false;
    if (!n->nunder) return true;
    const glue_sig **sigs = sim_reallocarray(c->b, NULL, n->nunder, sizeof *sigs);
    if (!sigs) return oom(c);
    for (size_t i = 0; i < n->nunder; i++)
        sigs[i] = &c->files[n->under[i]].sig;
    size_t best, weight;
    bool ok = glue_majority(c, sigs, n->nunder, &best, &weight);
    const glue_sig *b = sigs[best];
    ok = ok && glue_sig_copy(c, &n->rep, b);
    const glue_sig *merged[GROUPS_MAX];
    size_t nmerged = 0;
    for (size_t i = 0; ok && i < n->nunder; i++) {
        if (!(ok = glue_pay(c, glue_sig_similar_cost(b, sigs[i])))) break;
        if (!glue_sig_similar(b, sigs[i])) continue;
        if (!(ok = glue_pay(c, nmerged * (1 + sigs[i]->ncolumns / GLUE_COLUMNS_PER_UNIT)))) break;
        bool seen = false;
        for (size_t k = 0; k < nmerged && !seen; k++)
            seen = glue_sig_same(merged[k], sigs[i]);
        if (seen) continue;
        if (nmerged < GROUPS_MAX) merged[nmerged++] = sigs[i];
        ok = glue_sig_merge(c, &n->rep, sigs[i]);
    }
    sim_free(c->b, sigs);
    return ok;
}

/* --- the crawl ----------------------------------------------------------- */

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
    crawl c = {.cfg = cfg, .b = cfg->budget};
    if (!glue_pay(&c, GLUE_COST_CRAWL)) {
        sim_fail_work(err, "crawling s3://%.63s/", cfg->bucket);
        return NULL;
    }
    const char *path = cfg->path ? cfg->path : "";
    while (*path == '/')
        path++;
    size_t plen = strlen(path);
    c.path = sim_malloc(c.b, plen + 2);
    c.cat = sim_calloc(c.b, 1, sizeof *c.cat);
    if (!c.path || !c.cat) {
        sim_free(c.b, c.path);
        sim_free(c.b, c.cat);
        sim_fail_memory(err, c.b, "crawling s3://%.63s/", cfg->bucket);
        return NULL;
    }
    c.cat->budget = c.b;
    memcpy(c.path, path, plen + 1);
    if (plen && path[plen - 1] != '/') strcat(c.path, "/");
    s3_list(store, cfg->bucket, c.path, collect, &c);
    /* A store under the same budget stops listing short when it is spent:
     * the objects seen are then not all there are. */
    if (sim_budget_spent(c.b)) c.spent = true;
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
    gnode *root = plen ? node_new(&c, start, (size_t)(slash - start), level)
                       : node_new(&c, cfg->bucket, strlen(cfg->bucket), level);
    if (c.too_many && !c.spent) {
        node_free(c.b, root);
        free_files(&c);
        sim_free(c.b, c.path);
        glue_catalog_free(c.cat);
        sim_fail(err, SIM_LIMIT_EXCEEDED,
                 "The simulator crawls at most %d objects (a limit of this machine, not of Glue).",
                 GLUE_CRAWL_MAX_OBJECTS);
        return NULL;
    }
    bool ok = !c.oom && !c.spent && root && build(&c, root) && represent(&c, root) &&
              glue_decide(&c, root);
    node_free(c.b, root);
    c.cat->objects = c.nfiles;
    free_files(&c);
    if (!ok) {
        if (c.spent)
            sim_fail_work(err, "crawling s3://%.63s/%.100s", cfg->bucket, c.path);
        else
            sim_fail_memory(err, c.b, "crawling s3://%.63s/%.100s", cfg->bucket, c.path);
        sim_free(c.b, c.path);
        glue_catalog_free(c.cat);
        return NULL;
    }
    sim_free(c.b, c.path);
    return c.cat;
}

/* --- the catalog --------------------------------------------------------- */

void glue_catalog_free(glue_catalog *cat)
{
    if (!cat) return;
    for (size_t i = 0; i < cat->ntables; i++)
        glue_table_free(cat->budget, &cat->tables[i]);
    sim_free(cat->budget, cat->tables);
    sim_free(cat->budget, cat);
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
    size_t i = 0;
    while (name && i < cat->ntables && strcmp(cat->tables[i].name, name) != 0)
        i++;
    /* Paid for as far as it looked. No status to report a spent budget:
     * it answers, and the host stops. */
    (void)sim_budget_charge(cat->budget, (i + 1) / GLUE_NAMES_PER_UNIT);
    return name && i < cat->ntables ? &cat->tables[i] : NULL;
}

uint64_t glue_objects_crawled(const glue_catalog *cat)
{
    return cat->objects;
}
