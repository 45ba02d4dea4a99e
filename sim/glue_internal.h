#ifndef SIM_GLUE_INTERNAL_H
#define SIM_GLUE_INTERNAL_H

/* Shared by glue.c (the crawl: listing, the folder tree, the catalog),
 * glue_table.c (where tables are rooted, their keys and partitions),
 * glue_scan.c (what a query's predicates leave) and glue_schema.c (what an
 * object is). Nothing else includes this header. */

#include "sim/budget.h"
#include "sim/glue.h"
#include "sim/glue_cost.h"

/* An object's (or a folder's) schema as the crawler compares them. */
typedef struct glue_sig {
    char classification[16];
    char compression[8];
    char **columns; /* NULL when unknown */
    size_t ncolumns;
} glue_sig;

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
    size_t ntables, cap;
    uint64_t objects;
    sim_budget *budget; /* borrowed: what the catalog holds is counted here */
};

/* One crawl in progress. Every allocation goes through its budget, and
 * every step of work is paid for first (glue_pay); a step that fails,
 * for memory or for work, makes the crawl give up, and `spent` tells
 * which. */
typedef struct crawl {
    const glue_crawl_config *cfg;
    sim_budget *b;
    char *path; /* the include path, "" or ending in '/' */
    gfile *files;
    size_t nfiles, cap;
    glue_catalog *cat;
    bool oom, too_many, spent;
} crawl;

/* Charges units of the crawl's work; false (and `spent` set) when the
 * budget is spent. */
bool glue_pay(crawl *c, uint64_t units);

/* --- glue_schema.c ------------------------------------------------------- */

/* Classifies one object and reads its columns when its bytes are kept,
 * paying for the bytes it reads. False when out of memory or budget (the
 * crawl says which); out is then freeable. */
bool glue_sig_of(crawl *c, const s3_object_info *o, glue_sig *out);
void glue_sig_free(sim_budget *b, glue_sig *s);
/* Same classification and compression, and columns that overlap by at
 * least 70% (Jaccard) unless either side is unknown. It compares every
 * column of one with every column of the other: pay for it first with
 * glue_sig_similar_cost. */
bool glue_sig_similar(const glue_sig *a, const glue_sig *b);
uint64_t glue_sig_similar_cost(const glue_sig *a, const glue_sig *b);
/* Adds b's columns that a lacks (a keeps its order), paying for the
 * comparisons; false when out of memory or budget. */
bool glue_sig_merge(crawl *c, glue_sig *a, const glue_sig *b);
bool glue_sig_copy(crawl *c, glue_sig *dst, const glue_sig *src);
/* Equal signatures (same columns in the same order). */
bool glue_sig_same(const glue_sig *a, const glue_sig *b);

/* Compares partition values: digit strings by number, others as strings. */
int glue_value_cmp(const char *a, const char *b);

/* --- glue.c -------------------------------------------------------------- */

/* The signature that most of sigs[0..n) are similar to: its index (*weight
 * says how many are); false when the budget ran out. */
bool glue_majority(crawl *c, const glue_sig *const *sigs, size_t n, size_t *best, size_t *weight);

/* --- glue_table.c -------------------------------------------------------- */

/* Makes the catalog's tables of the folder tree under root. */
bool glue_decide(crawl *c, const gnode *root);
void glue_table_free(sim_budget *b, glue_table *t);

#endif
